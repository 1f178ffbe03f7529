import KocodeSupport

/// Every sentence of the command line in French and English, in one place.
/// The language is chosen once, when a command starts.
struct CLIText {
  let language: Language

  func pick(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

  func missingValue(_ option: String) -> String {
    pick("l’option \(option) attend une valeur", "option \(option) needs a value")
  }

  func unknownOption(_ option: String) -> String {
    pick(
      "option inconnue : \(option) (voir --help)", "unknown option: \(option) (see --help)")
  }

  func unknownCommand(_ name: String) -> String {
    pick(
      "commande inconnue : \(name). Les commandes : check, build, disasm, run, boards, "
        + "missions, mission, firmware, board, ports, flash, watch, blocks, plot.",
      "unknown command: \(name). Commands: check, build, disasm, run, boards, missions, "
        + "mission, firmware, board, ports, flash, watch, blocks, plot.")
  }

  func wrongArgumentCount(_ usage: String) -> String {
    pick("utilisation : \(usage)", "usage: \(usage)")
  }

  func noSuchFile(_ path: String) -> String {
    pick(
      "le fichier \(path) n’existe pas. Vérifie le nom et le dossier.",
      "no such file: \(path). Check the name and the folder.")
  }

  func isDirectory(_ path: String) -> String {
    pick(
      "\(path) est un dossier : donne le fichier du programme (.json, .xml ou .kbc)",
      "\(path) is a folder: give the program file (.json, .xml or .kbc)")
  }

  func readFailed(_ path: String) -> String {
    pick(
      "la lecture de \(path) a échoué : vérifie la clé USB ou le disque",
      "reading \(path) failed: check the USB stick or the disk")
  }

  func cannotWrite(_ path: String) -> String {
    pick(
      "impossible d’écrire \(path) : vérifie que le dossier existe, qu’il n’est pas "
        + "protégé et que le disque n’est pas plein",
      "cannot write \(path): check that the folder exists, is not protected and that "
        + "the disk is not full")
  }

  func permissionDenied(_ path: String) -> String {
    pick(
      "pas le droit de lire \(path) : demande à l’adulte responsable de l’ordinateur.",
      "permission denied: \(path). Ask whoever looks after this computer.")
  }

  func badLanguage(_ value: String) -> String {
    pick("--lang accepte fr ou en, pas « \(value) »", "--lang takes fr or en, not '\(value)'")
  }

  func badDuration(_ value: String) -> String {
    pick(
      "durée invalide « \(value) » : écris un nombre entier et une unité, "
        + "par exemple 500ms, 20s, 5m ou 2h",
      "invalid duration '\(value)': write a whole number and a unit, "
        + "for example 500ms, 20s, 5m or 2h")
  }

  func badSeed(_ value: String) -> String {
    pick(
      "--seed attend un nombre entier de 1 à 4294967295, pas « \(value) »",
      "--seed takes a whole number from 1 to 4294967295, not '\(value)'")
  }

  func badSet(_ value: String) -> String {
    pick(
      "--set attend CAPTEUR=VALEUR, par exemple soil_moisture=20, pas « \(value) »",
      "--set takes SENSOR=VALUE, for example soil_moisture=20, not '\(value)'")
  }

  func unknownSensor(_ name: String, known: [String]) -> String {
    pick(
      "capteur inconnu « \(name) » ; les capteurs : \(known.joined(separator: ", "))",
      "unknown sensor '\(name)'; sensors: \(known.joined(separator: ", "))")
  }

  func sensorOutOfRange(_ name: String, _ value: String, _ range: ClosedRange<Int>) -> String {
    pick(
      "\(name)=\(value) : la valeur doit être un entier de \(range.lowerBound) "
        + "à \(range.upperBound)",
      "\(name)=\(value): the value must be a whole number from \(range.lowerBound) "
        + "to \(range.upperBound)")
  }

  func sensorAndPin(_ sensor: String, _ pin: String) -> String {
    pick(
      "\(sensor) et \(pin) sont le même capteur : n’en fixe qu’un avec --set",
      "\(sensor) and \(pin) are the same sensor: --set only one of them")
  }

  func badVM(_ value: String) -> String {
    pick(
      "--vm accepte swift (la machine de référence) ou c (celle de la carte), pas « \(value) »",
      "--vm takes swift (the reference VM) or c (the board's VM), not '\(value)'")
  }

  func badWhole(_ option: String, _ value: String, _ range: ClosedRange<Int>) -> String {
    let bounds =
      range.upperBound == Int.max
      ? pick("un nombre entier positif", "a whole number, 0 or more")
      : pick(
        "un nombre entier de \(range.lowerBound) à \(range.upperBound)",
        "a whole number from \(range.lowerBound) to \(range.upperBound)")
    return pick(
      "\(option) attend \(bounds), pas « \(value) »", "\(option) takes \(bounds), not '\(value)'")
  }

  func badEvaporation(_ value: String) -> String {
    pick(
      "--evaporation attend des pourcents par heure de 0 à 100, par exemple 1 ou 1.5, "
        + "pas « \(value) »",
      "--evaporation takes percent per hour from 0 to 100, for example 1 or 1.5, "
        + "not '\(value)'")
  }

  func badDayLength(_ value: String) -> String {
    pick(
      "--day-length attend une durée de 0h à 24h, par exemple 16h ou 630m, pas « \(value) »",
      "--day-length takes a duration from 0h to 24h, for example 16h or 630m, not '\(value)'")
  }

  func badStartTime(_ value: String) -> String {
    pick(
      "--start-time attend une heure HH:MM, par exemple 08:00 ou 19:30, pas « \(value) »",
      "--start-time takes a time of day HH:MM, for example 08:00 or 19:30, not '\(value)'")
  }

  func badPress(_ value: String) -> String {
    pick(
      "--press attend DÉBUT+DURÉE, par exemple 10m+5s (appui 10 minutes après le départ, "
        + "pendant 5 secondes), pas « \(value) »",
      "--press takes START+LENGTH, for example 10m+5s (a press 10 minutes after the start, "
        + "for 5 seconds), not '\(value)'")
  }

  func unknownMission(_ name: String, known: [String]) -> String {
    pick(
      "mission inconnue « \(name) » ; les missions : \(known.joined(separator: ", "))",
      "unknown mission '\(name)'; missions: \(known.joined(separator: ", "))")
  }

  func noMissionsFolder() -> String {
    pick(
      "dossier Missions introuvable : lance kocode depuis le projet ou règle KOCODE_MISSIONS",
      "cannot find the Missions folder: run kocode from the project or set KOCODE_MISSIONS")
  }

  func invalidMission(_ name: String, _ reason: String) -> String {
    pick(
      "la mission \(name) est illisible : \(reason)", "mission \(name) cannot be read: \(reason)")
  }

  func invalidMissionValue(_ name: String, _ key: String, _ value: String) -> String {
    pick(
      "la mission \(name) a une valeur incorrecte pour « \(key) » : \(value)",
      "mission \(name) has a wrong value for '\(key)': \(value)")
  }

  func missionUsage() -> String {
    pick(
      "utilisation : kocode mission show NOM | kocode mission check NOM PROGRAMME",
      "usage: kocode mission show NAME | kocode mission check NAME PROGRAM")
  }

  func plotWritten(_ path: String) -> Localized {
    Localized(fr: "Courbes dessinées dans \(path)", en: "Plot written to \(path)")
  }

  func tableWritten(_ path: String) -> Localized {
    Localized(fr: "Tableau des données écrit dans \(path)", en: "Data table written to \(path)")
  }

  func stdinNeedsOutput() -> String {
    pick(
      "le programme vient de l’entrée standard : dis où écrire l’image avec -o FICHIER.kbc",
      "the program comes from standard input: say where to write the image with -o FILE.kbc")
  }

  func unknownBoard(_ name: String, known: [String]) -> String {
    pick(
      "carte inconnue « \(name) » ; les cartes : \(known.joined(separator: ", "))",
      "unknown board '\(name)'; boards: \(known.joined(separator: ", "))")
  }

  func noBoardsFolder() -> String {
    pick(
      "dossier Boards introuvable : lance kocode depuis le projet ou règle KOCODE_BOARDS",
      "cannot find the Boards folder: run kocode from the project or set KOCODE_BOARDS")
  }

  func invalidBoard(_ name: String, _ reason: String) -> String {
    pick(
      "la définition de la carte \(name) est illisible : \(reason)",
      "the definition of board \(name) cannot be read: \(reason)")
  }

  func noBoardWithID(_ id: Int) -> String {
    pick(
      "cette image est pour une carte inconnue (numéro \(id))",
      "this image is for an unknown board (id \(id))")
  }

  func toolMissing(_ tool: String) -> String {
    pick(
      "\(tool) n’est pas installé : lance « make deps » dans le dossier de Kocode",
      "\(tool) is not installed: run 'make deps' in the Kocode folder")
  }

  func virtualBoardFailed(_ detail: String) -> String {
    pick(
      "la carte virtuelle n’a pas démarré (\(detail))",
      "the virtual board did not start (\(detail))")
  }

  func imageTooLarge(_ bytes: Int, _ slot: Int) -> String {
    pick(
      "le programme fait \(bytes) octets, la carte n’en garde que \(slot)",
      "the program is \(bytes) bytes; the board only holds \(slot)")
  }

  func internalError(_ detail: String) -> String {
    pick(
      "erreur interne (un défaut de Kocode, pas de ton programme) : \(detail). "
        + "Merci de le signaler.",
      "internal error (a bug in Kocode, not in your program): \(detail). Please report it.")
  }
}
