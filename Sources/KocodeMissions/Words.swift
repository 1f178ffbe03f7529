import KocodeSupport
import KocodeVM

/// The nouns and little phrases mission sentences are made of, in French
/// and English.
enum Words {
  /// An output with its article: "the green LED", « la LED verte ».
  static func output(_ name: String) -> (noun: Localized, feminine: Bool) {
    switch name {
    case "pump": (Localized(fr: "la pompe", en: "the pump"), true)
    case "led_green": (Localized(fr: "la LED verte", en: "the green LED"), true)
    case "led_red": (Localized(fr: "la LED rouge", en: "the red LED"), true)
    case "led_builtin": (Localized(fr: "la LED de la carte", en: "the built-in LED"), true)
    case "buzzer": (Localized(fr: "le buzzer", en: "the buzzer"), false)
    default:
      (Localized(fr: "la broche \(name.uppercased())", en: "pin \(name.uppercased())"), true)
    }
  }

  /// "on", « allumée »: the state of an output, agreed in French.
  static func state(_ value: Int, feminine: Bool) -> Localized {
    switch value {
    case 0: Localized(fr: feminine ? "éteinte" : "éteint", en: "off")
    case 1: Localized(fr: feminine ? "allumée" : "allumé", en: "on")
    default: Localized(fr: "à \(value)", en: "at \(value)")
    }
  }

  /// Switching an output: « Allumer la LED verte », "Switch the green LED on".
  static func switching(_ output: String, to value: Int) -> Localized {
    let noun = self.output(output).noun
    switch value {
    case 0: return Localized(fr: "Éteindre \(noun.fr)", en: "Switch \(noun.en) off")
    case 1: return Localized(fr: "Allumer \(noun.fr)", en: "Switch \(noun.en) on")
    default: return Localized(fr: "Mettre \(noun.fr) à \(value)", en: "Set \(noun.en) to \(value)")
    }
  }

  /// A sensor with its article, and the name of its block in the editor.
  static func sensor(_ sensor: SensorKind) -> (noun: Localized, block: Localized) {
    switch sensor {
    case .soilMoisture:
      (
        Localized(fr: "l’humidité du sol", en: "the soil moisture"),
        Localized(fr: "humidité du sol", en: "soil moisture")
      )
    case .light:
      (Localized(fr: "la lumière", en: "the light"), Localized(fr: "lumière", en: "light"))
    case .temperature:
      (
        Localized(fr: "la température", en: "the temperature"),
        Localized(fr: "température", en: "temperature")
      )
    case .tankEmpty:
      (
        Localized(fr: "l’état du réservoir", en: "the tank's state"),
        Localized(fr: "réservoir vide", en: "tank empty")
      )
    case .button:
      (
        Localized(fr: "l’état du bouton", en: "the button's state"),
        Localized(fr: "bouton appuyé", en: "button pressed")
      )
    }
  }

  /// "once", "twice", "5 times"; « une fois », « 5 fois ».
  static func times(_ count: Int) -> Localized {
    switch count {
    case 1: Localized(fr: "une fois", en: "once")
    case 2: Localized(fr: "2 fois", en: "twice")
    default: Localized(fr: "\(count) fois", en: "\(count) times")
    }
  }

  /// Labels in quotes: « humidité » ou « moisture », “humidité” or “moisture”.
  static func labels(_ labels: [String]) -> Localized {
    Localized(
      fr: labels.map { "« \($0) »" }.joined(separator: " ou "),
      en: labels.map { "“\($0)”" }.joined(separator: " or "))
  }

  /// A duration in words in both languages.
  static func duration(_ durationUS: Int64) -> Localized {
    Localized(fr: TimeText.spoken(durationUS, .fr), en: TimeText.spoken(durationUS, .en))
  }

  /// The first letter in capitals, for a noun that starts a sentence.
  static func capitalized(_ text: Localized) -> Localized {
    Localized(fr: upperFirst(text.fr), en: upperFirst(text.en))
  }

  static func lowerFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
  }

  static func upperFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }
}

extension Localized {
  /// Both languages made by one function of the language.
  static func both(_ make: (Language) -> String) -> Localized {
    Localized(fr: make(.fr), en: make(.en))
  }
}
