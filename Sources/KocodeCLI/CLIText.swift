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
      "commande inconnue : \(name). Les commandes : check, build, disasm, run, boards.",
      "unknown command: \(name). Commands: check, build, disasm, run, boards.")
  }

  func wrongArgumentCount(_ usage: String) -> String {
    pick("utilisation : \(usage)", "usage: \(usage)")
  }

  func noSuchFile(_ path: String) -> String {
    pick(
      "le fichier \(path) n’existe pas. Vérifie le nom et le dossier.",
      "no such file: \(path). Check the name and the folder.")
  }

  func cannotRead(_ path: String, _ reason: String) -> String {
    pick("impossible de lire \(path) : \(reason)", "cannot read \(path): \(reason)")
  }

  func cannotWrite(_ path: String, _ reason: String) -> String {
    pick("impossible d’écrire \(path) : \(reason)", "cannot write \(path): \(reason)")
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
      "--vm accepte swift ; la machine virtuelle C n’est pas dans cette version (« \(value) »)",
      "--vm takes swift; the C VM is not part of this version ('\(value)')")
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

  func internalError(_ detail: String) -> String {
    pick(
      "erreur interne (un défaut de Kocode, pas de ton programme) : \(detail). "
        + "Merci de le signaler.",
      "internal error (a bug in Kocode, not in your program): \(detail). Please report it.")
  }
}
