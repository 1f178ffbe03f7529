/// `--help` for the board-care commands.
extension HelpText {
  static let careCommands = ["status", "stop", "start", "identify", "erase", "name", "calibrate"]

  /// The usage line of a board-care command (the same in both languages).
  static func careUsage(_ name: String) -> String {
    switch name {
    case "status": "kocode status [--port PORT|NAME|auto] [--all] [--json]"
    case "identify": "kocode identify [--port PORT|NAME|auto] [--all] [--for DURATION]"
    case "name": "kocode name NAME|--clear [--port PORT|auto]"
    case "calibrate":
      "kocode calibrate [--port PORT|NAME|auto] [--dry N --wet N | --reset]"
    default: "kocode \(name) [--port PORT|NAME|auto] [--all]"
    }
  }

  static func careHelp(_ name: String, _ fr: Bool) -> String {
    let usage = (fr ? "Utilisation : " : "Usage: ") + careUsage(name) + "\n\n"
    let body: String
    switch name {
    case "status":
      body =
        fr
        ? """
        Dit ce qu’une carte contient et fait : type, version du firmware, nom, le
        programme (taille, CRC, et, s’il a été envoyé depuis cet ordinateur, quand et
        depuis quel fichier), en marche ou arrêté, la dernière erreur et
        l’étalonnage de la sonde du sol.
          --json    un objet JSON (un tableau avec --all)

        """
        : """
        Says what a board holds and does: type, firmware version, name, the program
        (size, CRC and, when it was flashed from this computer, when and from which
        file), running or stopped, the last error and the soil probe's calibration.
          --json    a JSON object (an array with --all)

        """
    case "stop":
      body =
        fr
        ? "Arrête le programme tout de suite : la pompe et toutes les sorties sont coupées.\n"
        : "Stops the program at once: the pump and every output are switched off.\n"
    case "start":
      body =
        fr
        ? "Relance depuis le début le programme gardé sur la carte.\n"
        : "Starts the program stored on the board again, from the beginning.\n"
    case "identify":
      body =
        fr
        ? """
        Fait clignoter la LED de la carte et la fait biper pendant 5 secondes, pour
        la trouver sur la table. Le programme continue.
          --for DURÉE   une autre durée, de 1s à 30s

        """
        : """
        Blinks the board's LED and makes it beep for 5 seconds, to find it on the
        table. The program keeps running.
          --for DURATION   another duration, from 1s to 30s

        """
    case "erase":
      body =
        fr
        ? "Efface le programme de la carte, qui ne fait plus rien. Son nom et son\n"
          + "étalonnage restent.\n"
        : "Erases the board's program; the board then does nothing. Its name and\n"
          + "calibration stay.\n"
    case "name":
      body =
        fr
        ? """
        Donne un nom à la carte (16 octets au plus), gardé sur la carte : ports,
        status et watch le montrent, et --port NOM la trouve.
          --clear   retire le nom

        """
        : """
        Gives the board a name (16 bytes at most), stored on the board: ports,
        status and watch show it, and --port NAME finds it.
          --clear   removes the name

        """
    default:
      body =
        fr
        ? """
        Étalonne la sonde d’humidité du sol de la carte, pas à pas : la sonde à
        l’air, puis dans l’eau. Les deux mesures sont gardées sur la carte et
        servent au bloc « humidité du sol » ; elles restent après un nouvel envoi
        de programme ou un effacement.
          --dry N --wet N   donne les deux mesures (0 à 1023) sans les demander
          --reset           revient aux valeurs de la fiche de la carte

        """
        : """
        Calibrates the board's soil moisture probe, step by step: the probe in the
        air, then in water. Both readings are stored on the board and used by the
        "soil moisture" block; they stay after a new upload or an erase.
          --dry N --wet N   gives both readings (0 to 1023) without asking
          --reset           goes back to the numbers of the board's file

        """
    }
    let ports =
      fr
      ? """
        --port PORT|NOM|auto   la carte (auto : la seule branchée, ou demande)
        --all                  toutes les cartes Kocode branchées à la fois
      Ouvrir le port d’une Uno la redémarre : son programme reprend au début
      (une carte arrêtée reste arrêtée).

      """
      : """
        --port PORT|NAME|auto  the board (auto: the only one plugged in, or ask)
        --all                  every Kocode board plugged in, all at once
      Opening an Uno's port restarts it: its program starts again from the
      beginning (a stopped board stays stopped).

      """
    let oneBoard = name == "name" || name == "calibrate"
    let lines = ports.split(separator: "\n", omittingEmptySubsequences: false)
    // `name` and `calibrate` work on one board: no --all line.
    return usage + body
      + (oneBoard
        ? lines.enumerated().filter { $0.offset != 1 }
          .map(\.element).joined(separator: "\n") : ports)
  }
}
