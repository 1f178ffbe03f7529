import KocodeSupport

/// `--help` for `kocode` and each subcommand, in French and English.
enum HelpText {
  static func general(_ language: Language) -> String {
    language == .fr
      ? """
      kocode — programmer la serre Kocode avec des blocs

      Utilisation : kocode COMMANDE [OPTIONS]

      Commandes :
        check PROGRAMME      vérifie un programme et explique chaque problème
        build PROGRAMME      compile un programme en image .kbc pour la carte
        disasm IMAGE.kbc     montre une image en assembleur lisible
        run PROGRAMME|IMAGE  fait tourner un programme dans la serre simulée
        boards               liste les cartes connues

      Options de toutes les commandes :
        --help               cette aide (kocode COMMANDE --help pour une commande)
        --lang fr|en         la langue des messages (sinon LC_ALL, LC_MESSAGES, LANG)
        -v, -q               plus ou moins de messages

      PROGRAMME est un fichier Blockly .json ou .xml ; - lit l’entrée standard.

      """
      : """
      kocode — program the Kocode greenhouse with blocks

      Usage: kocode COMMAND [OPTIONS]

      Commands:
        check PROGRAM        check a program and explain every problem
        build PROGRAM        compile a program to a .kbc image for the board
        disasm IMAGE.kbc     show an image as readable assembly
        run PROGRAM|IMAGE    run a program in the simulated greenhouse
        boards               list the known boards

      Options of every command:
        --help               this help (kocode COMMAND --help for one command)
        --lang fr|en         the language of messages (else LC_ALL, LC_MESSAGES, LANG)
        -v, -q               more or fewer messages

      PROGRAM is a Blockly .json or .xml file; - reads standard input.

      """
  }

  static func command(_ name: String, _ language: Language) -> String {
    let fr = language == .fr
    switch name {
    case "check":
      return fr
        ? """
        Utilisation : kocode check PROGRAMME [--board CARTE] [--json]

        Vérifie le programme sans le lancer et affiche tous les problèmes, chacun
        avec son code, son bloc et une explication.
          --board CARTE   la carte visée (par défaut greenhouse-uno)
          --json          un seul objet JSON : {"diagnostics": [...]}
        Code de sortie : 0 sans erreur, 65 s’il y a des erreurs.

        """
        : """
        Usage: kocode check PROGRAM [--board BOARD] [--json]

        Checks the program without running it and prints every problem, each with
        its code, its block and an explanation.
          --board BOARD   the target board (default greenhouse-uno)
          --json          one JSON object: {"diagnostics": [...]}
        Exit code: 0 without errors, 65 when there are errors.

        """
    case "build":
      return fr
        ? """
        Utilisation : kocode build PROGRAMME [-o SORTIE.kbc] [--board CARTE] [--listing]

        Compile le programme en image pour la carte (par défaut à côté du
        programme, avec l’extension .kbc).
          -o SORTIE.kbc   où écrire l’image
          --board CARTE   la carte visée (par défaut greenhouse-uno)
          --listing       affiche aussi le code avec le bloc de chaque instruction

        """
        : """
        Usage: kocode build PROGRAM [-o OUT.kbc] [--board BOARD] [--listing]

        Compiles the program to an image for the board (by default next to the
        program, with the .kbc extension).
          -o OUT.kbc      where to write the image
          --board BOARD   the target board (default greenhouse-uno)
          --listing       also print the code with the block of each instruction

        """
    case "disasm":
      return fr
        ? """
        Utilisation : kocode disasm IMAGE.kbc

        Vérifie une image et l’affiche en assembleur lisible, avec les blocs.

        """
        : """
        Usage: kocode disasm IMAGE.kbc

        Verifies an image and prints it as readable assembly, with its blocks.

        """
    case "run":
      return fr
        ? """
        Utilisation : kocode run PROGRAMME|IMAGE [--board CARTE] [--for DURÉE]
                      [--set CAPTEUR=VALEUR]... [--seed N] [--trace FICHIER|-] [--vm swift]

        Fait tourner le programme dans la serre simulée, sur la machine virtuelle
        de référence, et montre ce qui se passe.
          --for DURÉE            durée simulée : 500ms, 20s, 5m, 2h (60s par défaut)
          --set CAPTEUR=VALEUR   fixe un capteur pour toute la course : soil_moisture,
                                 light, temperature (°C), tank_empty (0/1),
                                 button (0/1), a0 … a5 (0–1023)
          --seed N               graine des nombres au hasard (1 par défaut, jamais 0)
          --trace FICHIER|-      écrit la trace JSON (une ligne par événement)
        Code de sortie : 0 si le programme finit, atteint la durée ou s’arrête,
        1 s’il s’arrête sur une erreur.

        """
        : """
        Usage: kocode run PROGRAM|IMAGE [--board BOARD] [--for DURATION]
               [--set SENSOR=VALUE]... [--seed N] [--trace FILE|-] [--vm swift]

        Runs the program in the simulated greenhouse on the reference VM and
        shows what happens.
          --for DURATION         simulated time: 500ms, 20s, 5m, 2h (default 60s)
          --set SENSOR=VALUE     fixes a sensor for the whole run: soil_moisture,
                                 light, temperature (°C), tank_empty (0/1),
                                 button (0/1), a0 … a5 (0–1023)
          --seed N               seed of the random numbers (default 1, never 0)
          --trace FILE|-         writes the JSON trace (one line per event)
        Exit code: 0 when the program finishes, reaches the time limit or stops,
        1 when it stops on a runtime error.

        """
    default:
      return fr
        ? "Utilisation : kocode boards\n\nListe les cartes connues et leurs limites.\n"
        : "Usage: kocode boards\n\nLists the known boards and their limits.\n"
    }
  }
}
