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
        missions             liste les missions, des premiers pas aux plus dures
        mission show NOM     montre la consigne d’une mission
        mission check NOM PROGRAMME
                             vérifie si un programme réussit la mission
        firmware build       construit le micrologiciel de la carte (avr-gcc)
        firmware install     l’installe sur une carte par son port USB (avrdude)
        ports                liste les ports série et les cartes Kocode branchées
        flash PROGRAMME      envoie un programme sur une carte, le vérifie, le lance
        watch                montre en direct le programme qui tourne sur une carte
        status, stop, start  l’état d’une carte ; arrêter ou relancer son programme
        identify, erase      faire clignoter une carte ; effacer son programme
        name NOM             donner un nom à une carte
        calibrate            étalonner sa sonde d’humidité du sol
        board sim            lance une carte virtuelle (simavr) sur un port série
        plot TRACE.jsonl     dessine les courbes d’une trace enregistrée
        blocks               les blocs Kocode pour l’éditeur Blockly, en JSON

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
        missions             list the missions, from the first steps to the hardest
        mission show NAME    show a mission's brief
        mission check NAME PROGRAM
                             check whether a program accomplishes the mission
        firmware build       build the board's firmware (avr-gcc)
        firmware install     install it on a board through its USB port (avrdude)
        ports                list the serial ports and the Kocode boards plugged in
        flash PROGRAM        send a program to a board, verify it, start it
        watch                show the program running on a board, live
        status, stop, start  a board's state; stop or restart its program
        identify, erase      make a board blink; erase its program
        name NAME            give a board a name
        calibrate            calibrate its soil moisture probe
        board sim            start a virtual board (simavr) on a serial port
        plot TRACE.jsonl     draw the curves of a saved trace
        blocks               the Kocode blocks for the Blockly editor, as JSON

      Options for every command:
        --help               this help (kocode COMMAND --help for one command)
        --lang fr|en         message language (else LC_ALL, LC_MESSAGES, LANG)
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
        Utilisation : kocode build PROGRAMME [-o SORTIE.kbc] [--board CARTE]
                      [--listing]

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
                      [--set CAPTEUR=VALEUR]... [--seed N] [--trace FICHIER|-]
                      [--csv FICHIER] [--csv-excel FICHIER] [--plot FICHIER.svg]
                      [--vm swift|c]

        Fait tourner le programme dans la serre simulée et montre ce qui se passe.
          --board CARTE          la carte simulée (par défaut greenhouse-uno)
          --for DURÉE            durée simulée : 500ms, 20s, 5m, 2h (60s par défaut)
          --set CAPTEUR=VALEUR   fixe un capteur pendant toute la simulation :
                                 soil_moisture (%), light (%), temperature (°C),
                                 tank_empty (0/1), button (0/1), a0 … a5 (0–1023)
          --seed N               graine des nombres au hasard (1 par défaut, jamais 0)
          --trace FICHIER|-      écrit la trace JSON (une ligne par événement)
          --csv FICHIER          écrit les données en CSV : capteurs, sorties,
                                 relevés ; une ligne par changement et par relevé
          --csv-excel FICHIER    le même tableau pour un tableur réglé en français
                                 (Excel, LibreOffice) : points-virgules, virgule
                                 décimale, UTF-8 avec BOM
          --plot FICHIER.svg     dessine les courbes : humidité, lumière, réservoir,
                                 pompe et chaque relevé du programme
          --vm swift|c           la machine virtuelle : swift, celle de référence
                                 (par défaut), ou c, celle de la carte
        La serre simulée (entre parenthèses, la valeur par défaut) :
          --start-moisture P     humidité du sol au départ, en % (50)
          --tank ML              réservoir, plein au départ, en millilitres (5000)
          --flow ML              débit de la pompe, en millilitres par seconde (10)
          --evaporation X        évaporation dans le noir à 20 °C, en % par heure (1)
          --day-length DURÉE     durée du jour, du lever au coucher du soleil (16h)
          --start-time HH:MM     heure de la journée au départ (08:00)
          --noise N              bruit des capteurs analogiques, en points bruts (0)
          --noise-seed N         graine du bruit (1), indépendante de --seed
          --press DÉBUT+DURÉE    un appui sur le bouton, par ex. 10m+5s (répétable)
        Code de sortie : 0 si le programme finit, atteint la durée ou exécute
        « tout arrêter » ; 1 s’il s’arrête sur une erreur ; 64 si la commande
        est mal écrite ; 65 si le programme a des erreurs ; 74 si un fichier
        manque.

        """
        : """
        Usage: kocode run PROGRAM|IMAGE [--board BOARD] [--for DURATION]
               [--set SENSOR=VALUE]... [--seed N] [--trace FILE|-]
               [--csv FILE] [--csv-excel FILE] [--plot FILE.svg] [--vm swift|c]

        Runs the program in the simulated greenhouse and shows what happens.
          --board BOARD          the simulated board (default greenhouse-uno)
          --for DURATION         simulated time: 500ms, 20s, 5m, 2h (default 60s)
          --set SENSOR=VALUE     fixes a sensor for the whole run:
                                 soil_moisture (%), light (%), temperature (°C),
                                 tank_empty (0/1), button (0/1), a0 … a5 (0–1023)
          --seed N               seed for the random numbers (default 1, never 0)
          --trace FILE|-         writes the JSON trace (one line per event)
          --csv FILE             writes the data as CSV: sensors, outputs and logged
                                 values, one row per change and per logged sample
          --csv-excel FILE       the same table for a spreadsheet set up in French
                                 (Excel, LibreOffice): semicolons, decimal comma,
                                 UTF-8 with a BOM
          --plot FILE.svg        draws the curves: moisture, light, tank, pump and
                                 every value the program logs
          --vm swift|c           the VM: swift, the reference one (default), or c,
                                 the board's own
        The simulated greenhouse (defaults in parentheses):
          --start-moisture P     soil moisture at the start, in % (50)
          --tank ML              tank, full at the start, in millilitres (5000)
          --flow ML              pump flow, in millilitres per second (10)
          --evaporation X        evaporation in the dark at 20 °C, in % per hour (1)
          --day-length DURATION  daylight from sunrise to sunset (16h)
          --start-time HH:MM     time of day at the start (08:00)
          --noise N              analog sensor noise, in raw counts (0)
          --noise-seed N         seed for the noise (1), independent of --seed
          --press START+LENGTH   a press of the button, for example 10m+5s (repeatable)
        Exit code: 0 when the program finishes, reaches the time limit or runs
        "stop all"; 1 when it stops on a runtime error; 64 for a mistyped command;
        65 when the program has errors; 74 when a file is missing.

        """
    case "missions":
      return fr
        ? """
        Utilisation : kocode missions

        Liste les missions, des premiers pas aux plus dures, avec leur niveau (1 à 5).

        """
        : """
        Usage: kocode missions

        Lists the missions, from first steps to hard, with their level (1 to 5).

        """
    case "mission":
      return missionHelp(fr)
    case "firmware":
      return fr
        ? """
        Utilisation : kocode firmware build [--board CARTE]
                      kocode firmware install [--board CARTE] [--port PORT]

        build construit avec avr-gcc le micrologiciel de la carte (la machine
        virtuelle Kocode) et affiche sa taille en flash et en RAM.
        install le construit, l’écrit dans la carte par son bootloader avec
        avrdude, puis attend que la carte réponde comme une carte Kocode.
          --board CARTE   le type de carte (par défaut greenhouse-uno)
          --port PORT     le port de la carte (kocode ports les montre) ; sans
                          --port, le seul port USB ou carte virtuelle présent
        Code de sortie : 0 si la carte répond ; 64 commande mal écrite ; 69 pas de
        réponse, port occupé ; 74 port absent, permission refusée, erreur d’écriture.

        """
        : """
        Usage: kocode firmware build [--board BOARD]
               kocode firmware install [--board BOARD] [--port PORT]

        build builds the board's firmware (the Kocode VM) with avr-gcc and prints
        its flash and RAM sizes.
        install builds it, writes it to the board through its bootloader with
        avrdude, then waits for the board to answer as a Kocode board.
          --board BOARD   the board type (default greenhouse-uno)
          --port PORT     the board's port (kocode ports lists them); without
                          --port, the only USB port or virtual board there is
        Exit code: 0 when the board answers; 64 mistyped command; 69 no answer,
        port busy; 74 no such port, permission denied, write error.

        """
    case "flash":
      return fr
        ? """
        Utilisation : kocode flash PROGRAMME|IMAGE [--port PORT|auto] [--all]
                      [--board CARTE] [--seed N]

        Compile le programme pour la carte qui répond, l’envoie, le fait vérifier
        par la carte et le lance. Le succès n’est annoncé que quand la carte
        donne le CRC du nouveau programme ; sinon l’ancien programme reste.
          --port PORT   un port (/dev/ttyACM0), le nom donné à la carte, ou auto
                        (la seule carte Kocode branchée ; sinon on te demande)
          --all         toutes les cartes Kocode branchées, en même temps
          --board CARTE compiler pour cette carte (sinon celle qui répond)
          --seed N      relancer avec cette graine de hasard (pour les tests)
        Ouvrir le port redémarre une carte Uno : on l’attend.
        Code de sortie : 0 envoyé et vérifié ; 65 programme faux ou trop grand ;
        69 pas de carte Kocode, port occupé, firmware trop ancien, autre type de
        carte ; 74 port absent, permission refusée, liaison perdue.

        """
        : """
        Usage: kocode flash PROGRAM|IMAGE [--port PORT|auto] [--all] [--board BOARD]
                            [--seed N]

        Compiles the program for the board that answers, uploads it, has the board
        verify it, and starts it. Success is reported only once the board reports
        the new program's CRC; otherwise the old program stays.
          --port PORT    a port (/dev/ttyACM0), the name given to the board, or auto
                         (the only Kocode board plugged in; else you are asked)
          --all          every Kocode board plugged in, all at once
          --board BOARD  compile for this board (else the one that answers)
          --seed N       start again with this random seed (for tests)
        Opening the port restarts an Uno board: Kocode waits for it.
        Exit code: 0 sent and verified; 65 program wrong or too large; 69 no
        Kocode board, port busy, firmware too old, another board type; 74 no such
        port, permission denied, link lost.

        """
    case "watch":
      return watchHelp(fr)
    case "ports":
      return fr
        ? """
        Utilisation : kocode ports [--probe] [--json]

        Liste les ports série (USB) et les cartes virtuelles, avec ce qui semble
        branché derrière chacun : Arduino Uno, puce CH340, FTDI, CP2102.
          --probe   demande aussi à chaque port s’il porte une carte Kocode
                    (version du firmware, type et nom de la carte). Attention :
                    ouvrir le port redémarre une carte Uno et son programme.
          --json    un tableau JSON : port, kind (usb|virtual|native), vid, pid
                    (en hexadécimal), guess, description, serial, board,
                    kocode ({...} ou null) et, avec --probe, probe.

        """
        : """
        Usage: kocode ports [--probe] [--json]

        Lists the serial ports (USB) and the virtual boards, with what seems to be
        behind each: Arduino Uno, CH340 chip, FTDI, CP2102.
          --probe   also asks each port whether a Kocode board is there (firmware
                    version, board type and name). Beware: opening the port
                    restarts an Uno board and its program.
          --json    a JSON array: port, kind (usb|virtual|native), vid, pid (in
                    hexadecimal), guess, description, serial, board, kocode ({...}
                    or null) and, with --probe, probe.

        """
    case let care where careCommands.contains(care):
      return careHelp(care, fr)
    case "blocks":
      return blocksHelp(fr)
    case "plot":
      return plotHelp(fr)
    case "board":
      return boardHelp(fr)
    default:
      return fr
        ? "Utilisation : kocode boards\n\nListe les cartes connues et leurs limites.\n"
        : "Usage: kocode boards\n\nLists the known boards and their limits.\n"
    }
  }

  static func missionHelp(_ fr: Bool) -> String {
    fr
      ? """
      Utilisation : kocode mission show NOM
                    kocode mission check NOM PROGRAMME|IMAGE [--plot FICHIER.svg]
                    [--csv FICHIER] [--csv-excel FICHIER] [--trace FICHIER]
                    [--seed N] [--board CARTE]

      show montre la consigne de la mission et ce qu’il faut réussir.
      check fait tourner le programme dans la serre de la mission (souvent 24 h)
      et dit, pour chaque critère, s’il est rempli et pourquoi.
        --plot FICHIER.svg     dessine les courbes de la course
        --csv FICHIER          écrit les données en CSV
        --csv-excel FICHIER    les mêmes données pour un tableur réglé en français
        --trace FICHIER        écrit la trace JSON
        --seed N               graine des nombres au hasard (1 par défaut)
        --board CARTE          une autre carte que celle de la mission
      Code de sortie de check : 0 si tous les critères sont remplis, 1 sinon.

      """
      : """
      Usage: kocode mission show NAME
             kocode mission check NAME PROGRAM|IMAGE [--plot FILE.svg]
             [--csv FILE] [--csv-excel FILE] [--trace FILE] [--seed N]
             [--board BOARD]

      show prints the mission's brief and what it takes to succeed.
      check runs the program in the mission's greenhouse (often for 24 h) and
      says, for each criterion, whether it is met and why.
        --plot FILE.svg        draws the curves of the run
        --csv FILE             writes the data as CSV
        --csv-excel FILE       the same data for a spreadsheet set up in French
        --trace FILE           writes the JSON trace
        --seed N               seed of the random numbers (default 1)
        --board BOARD          a board other than the mission's
      Exit code of check: 0 when every criterion is met, 1 otherwise.

      """
  }
}
