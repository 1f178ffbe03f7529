extension HelpText {
  static func watchHelp(_ fr: Bool) -> String {
    fr
      ? """
      Utilisation : kocode watch [--port PORT|auto] [--trace FICHIER|-]
                    [--for DURÉE] [--csv FICHIER] [--csv-excel FICHIER]
                    [--plot FICHIER.svg] [--set CAPTEUR=VALEUR]...
                    [options de la serre de kocode run]

      Montre le programme qui tourne sur la carte : ses blocs en couleurs, le
      bloc qui tourne en surbrillance, les capteurs, la pompe et les LED, les
      dernières valeurs notées et les messages, et une erreur sur son bloc.
        --port PORT            comme pour flash
        --trace FICHIER        écrit la trace en lignes JSON, comme kocode run
                               (- : sur la sortie standard, sans l’affichage)
        --for DURÉE            s’arrêter de regarder après 500ms, 20s, 5m, 2h
        --csv FICHIER          écrit les données en CSV, comme kocode run
        --csv-excel FICHIER    le même tableau pour un tableur réglé en français
        --plot FICHIER.svg     dessine les courbes, comme kocode run
      Les événements viennent de la carte ; la serre du tableau et des courbes
      est simulée à partir de sa pompe, comme avec kocode plot : donne les
      mêmes --set et options de la serre qu’à kocode board sim. Après un
      redémarrage de la carte, ils s’arrêtent à son premier programme lancé.
      Ctrl-C arrête de regarder ; la carte continue. La trace finit par
      « detached », à l’heure de la carte (demandée à la carte ; si elle a
      disparu, comptée par l’ordinateur depuis son dernier message).
      Code de sortie : 0 ; 1 si le programme s’arrête sur une erreur ; 74 si
      la carte disparaît.

      """
      : """
      Usage: kocode watch [--port PORT|auto] [--trace FILE|-] [--for DURATION]
             [--csv FILE] [--csv-excel FILE] [--plot FILE.svg]
             [--set SENSOR=VALUE]... [greenhouse options of kocode run]

      Shows the program running on the board: its blocks in colour, the running
      block highlighted, the sensors, the pump and LEDs, the latest logged values
      and prints, and an error on its block.
        --port PORT            as for flash
        --trace FILE           writes the trace as JSON lines, as kocode run does
                               (-: on standard output, without the live view)
        --for DURATION         stop watching after 500ms, 20s, 5m, 2h
        --csv FILE             writes the data as CSV, as kocode run does
        --csv-excel FILE       the same table for a spreadsheet set up in French
        --plot FILE.svg        draws the curves, as kocode run does
      The events come from the board; the greenhouse of the table and the plot
      is simulated from its pump, as kocode plot does: give the same --set and
      greenhouse options as to kocode board sim. After a board restart they stop
      at its first run.
      Ctrl-C stops watching; the board goes on. The trace ends with "detached",
      at the board's time (asked of the board; when it is gone, counted by the
      computer since its last message).
      Exit code: 0; 1 when the program stops on an error; 74 when the board is
      gone.

      """
  }
}
