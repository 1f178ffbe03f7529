import KocodeBytecode
import KocodeSupport

/// The readable timeline `kocode run` prints without `--trace`.
extension TraceEvent {
  /// One line: the board time as `HH:MM:SS.mmm`, two spaces, what happened.
  public func text(_ language: Language) -> String {
    Self.clock(timeMS) + "  " + sentence(language)
  }

  /// Board time in milliseconds as `HH:MM:SS.mmm` (hours keep counting past 24).
  public static func clock(_ timeMS: Int64) -> String {
    let milliseconds = timeMS % 1000
    let seconds = timeMS / 1000 % 60
    let minutes = timeMS / 60_000 % 60
    let hours = timeMS / 3_600_000
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "."
      + pad(milliseconds, 3)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// What happened, in words, without the time.
  public func sentence(_ language: Language) -> String {
    let french = language == .fr
    switch self {
    case .start(_, let scripts):
      let noun = scripts == 1 ? "script" : "scripts"
      return (french ? "départ : " : "start: ") + "\(scripts) \(noun)"
    case .output(_, let name, let value):
      return Self.outputText(name: name, value: value, language)
    case .log(_, let label, let value):
      return (french ? "relevé " : "log ") + label + " = " + Self.text(of: value)
    case .print(_, let text):
      return (french ? "message : " : "message: ") + text
    case .safety(_, let rule, let name):
      return Self.safetyText(rule: rule, name: name, language)
    case .error(_, let code, let block):
      let place = block.map { french ? " (bloc \($0))" : " (block \($0))" } ?? ""
      return (french ? "erreur : " : "error: ") + Self.errorText(code, language) + place
    case .end(_, let reason):
      return (french ? "fin : " : "end: ") + Self.endText(reason, language)
    }
  }

  private static func text(of value: LoggedValue) -> String {
    switch value {
    case .number(let number): String(number)
    case .boolean(let flag): flag ? "true" : "false"
    }
  }

  /// "pompe allumée", "green LED off", "d9 = 128".
  private static func outputText(name: String, value: Int32, _ language: Language) -> String {
    let french = language == .fr
    // French agrees the participle with the noun: la pompe, la LED, le buzzer.
    let (noun, feminine): (String, Bool) =
      switch name {
      case "pump": (french ? "pompe" : "pump", true)
      case "led_green": (french ? "LED verte" : "green LED", true)
      case "led_red": (french ? "LED rouge" : "red LED", true)
      case "led_builtin": (french ? "LED de la carte" : "built-in LED", true)
      case "buzzer": ("buzzer", false)
      default: ("", false)
      }
    guard !noun.isEmpty, value == 0 || value == 1 else { return "\(name) = \(value)" }
    let state =
      french
      ? (value == 1 ? "allumé" : "éteint") + (feminine ? "e" : "")
      : (value == 1 ? "on" : "off")
    return noun + " " + state
  }

  private static func safetyText(rule: SafetyRule, name: String, _ language: Language)
    -> String
  {
    let subject = name == "pump" ? (language == .fr ? "pompe" : "pump") : name
    switch (rule, language) {
    case (.pumpMaxOn, .fr): return "sécurité : \(subject) coupée (durée maximale atteinte)"
    case (.pumpMaxOn, .en): return "safety: \(subject) cut off (ran too long)"
    case (.tankEmpty, .fr): return "sécurité : \(subject) bloquée (réservoir vide)"
    case (.tankEmpty, .en): return "safety: \(subject) blocked (tank empty)"
    }
  }

  private static func errorText(_ code: RuntimeErrorCode, _ language: Language) -> String {
    switch (code, language) {
    case (.divisionByZero, .fr): "division par zéro"
    case (.divisionByZero, .en): "division by zero"
    case (.negativeRoot, .fr): "racine carrée d'un nombre négatif"
    case (.negativeRoot, .en): "square root of a negative number"
    case (.stackOverflow, .fr): "pile du script dépassée"
    case (.stackOverflow, .en): "script stack overflow"
    case (.badInstruction, .fr): "instruction invalide"
    case (.badInstruction, .en): "bad instruction"
    }
  }

  private static func endText(_ reason: EndReason, _ language: Language) -> String {
    switch (reason, language) {
    case (.finished, .fr): "programme terminé"
    case (.finished, .en): "program finished"
    case (.timeLimit, .fr): "durée écoulée"
    case (.timeLimit, .en): "time limit reached"
    case (.error, .fr): "arrêt sur erreur"
    case (.error, .en): "stopped by an error"
    case (.stopped, .fr): "programme arrêté"
    case (.stopped, .en): "program stopped"
    case (.detached, .fr): "carte détachée"
    case (.detached, .en): "board detached"
    }
  }
}
