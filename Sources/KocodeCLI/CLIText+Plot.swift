import KocodeMissions
import KocodeSupport

/// The sentences of `kocode plot`, in French and English.
extension CLIText {
  func badTrace(_ path: String, _ error: SavedTrace.ReadError, board: String) -> String {
    let reason: String
    switch error.problem {
    case .notAnObject:
      reason = pick(
        "cette ligne n’est pas un objet JSON : est-ce bien une trace de kocode run --trace ?",
        "this line is not a JSON object: is this really a trace from kocode run --trace?")
    case .missingKey(let key):
      reason = pick("il manque la clé « \(key) »", "the key '\(key)' is missing")
    case .wrongValue(let key):
      reason = pick(
        "la clé « \(key) » a une valeur impossible", "the key '\(key)' has an impossible value")
    case .timeGoesBack:
      reason = pick(
        "le temps « t » recule par rapport à la ligne d’avant",
        "the time 't' goes back compared with the line before")
    case .unknownOutput(let name):
      reason = pick(
        "la carte \(board) n’a pas de sortie « \(name) » : choisis la carte avec --board",
        "board \(board) has no output '\(name)': choose the board with --board")
    case .empty:
      return pick(
        "\(path) : la trace est vide, il n’y a rien à dessiner",
        "\(path): the trace is empty, there is nothing to draw")
    }
    return pick(
      "\(path), ligne \(error.line) : \(reason)", "\(path), line \(error.line): \(reason)")
  }

  func traceRestarted(_ line: Int) -> Localized {
    Localized(
      fr: "La carte a redémarré ligne \(line) : les courbes s’arrêtent juste avant.",
      en: "The board restarted on line \(line): the plot stops just before it.")
  }
}
