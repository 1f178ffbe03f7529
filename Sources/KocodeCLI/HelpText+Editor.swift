/// `--help` for `kocode blocks` and `kocode plot`, in French and English.
extension HelpText {
  static func blocksHelp(_ fr: Bool) -> String {
    fr
      ? """
      Utilisation : kocode blocks [--toolbox] [--board CARTE] [--lang fr|en]

      Écrit en JSON les définitions des blocs Kocode pour l’éditeur Blockly
      (Blockly.defineBlocksWithJsonArray), faites à partir du catalogue que le
      compilateur utilise : l’éditeur ne peut construire que ce que Kocode compile.
        --toolbox       écrit plutôt la boîte à outils par catégories
                        ({"kind": "categoryToolbox", ...}) avec les blocs que la
                        carte sait faire tourner
        --board CARTE   la carte dont viennent les LED et les broches
                        (par défaut greenhouse-uno)
        --lang fr|en    la langue des mots sur les blocs

      """
      : """
      Usage: kocode blocks [--toolbox] [--board BOARD] [--lang fr|en]

      Prints the Kocode blocks' definitions for the Blockly editor as JSON
      (Blockly.defineBlocksWithJsonArray), made from the catalogue the compiler
      uses: the editor can only build what Kocode compiles.
        --toolbox       prints the category toolbox instead
                        ({"kind": "categoryToolbox", ...}) with the blocks the
                        board can run
        --board BOARD   the board the LEDs and pins come from
                        (default greenhouse-uno)
        --lang fr|en    the language of the words on the blocks

      """
  }

  static func plotHelp(_ fr: Bool) -> String {
    fr
      ? """
      Utilisation : kocode plot TRACE.jsonl -o FICHIER.svg [--board CARTE]
                    [--set CAPTEUR=VALEUR]... [options de la serre de kocode run]

      Dessine les courbes d’une trace enregistrée (kocode run --trace), comme
      kocode run --plot. La trace ne contient que les sorties : la serre est
      simulée à nouveau à partir des mouvements de la pompe ; donne les mêmes
      --set et options de la serre qu’à kocode run pour retrouver les mêmes
      courbes. - lit la trace sur l’entrée standard.
        -o FICHIER.svg  où écrire le dessin
        --board CARTE   la carte de la trace (par défaut greenhouse-uno)
      Code de sortie : 0 si le dessin est écrit ; 64 si la commande est mal
      écrite ; 65 si la trace est abîmée (avec le numéro de la ligne) ; 74 si
      un fichier manque.

      """
      : """
      Usage: kocode plot TRACE.jsonl -o FILE.svg [--board BOARD]
             [--set SENSOR=VALUE]... [greenhouse options of kocode run]

      Draws the curves of a saved trace (kocode run --trace), as kocode run --plot
      does. The trace holds the outputs only: the greenhouse is simulated again
      from the pump's changes; give the same --set and greenhouse options as to
      kocode run to get the same curves. - reads the trace from standard input.
        -o FILE.svg     where to write the drawing
        --board BOARD   the board of the trace (default greenhouse-uno)
      Exit code: 0 when the drawing is written; 64 for a mistyped command; 65
      when the trace is damaged (with the line number); 74 when a file is
      missing.

      """
  }
}
