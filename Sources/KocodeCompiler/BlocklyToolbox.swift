import KocodeBoard
import KocodeSupport

/// The editor's toolbox for one board, made from the block catalogue: one
/// category a `BlockCategory`, in the catalogue's order, each with the
/// blocks the board can run.
public enum BlocklyToolbox {
  /// The toolbox as `{"kind": "categoryToolbox", "contents": [...]}`.
  public static func json(language: Language, board: BoardDefinition) -> String {
    let categories = BlockCategory.allCases.compactMap { category($0, language, board) }
    let toolbox = BlocklyJSON.object([
      ("kind", .string("categoryToolbox")), ("contents", .array(categories)),
    ])
    return toolbox.text() + "\n"
  }

  /// The blocks of the catalogue `board` can run: what a block needs is on
  /// the board, and each of its board options (LEDs, pins) has a value.
  public static func blocks(on board: BoardDefinition) -> [BlockSpec] {
    BlockCatalog.all.filter { spec in
      switch spec.requires {
      case .sensor(let name)? where board.sensors[name] == nil: return false
      case .output(let name)? where board.outputIndex(named: name) == nil: return false
      default: break
      }
      return spec.fields.allSatisfy { field in
        guard case .board(let choice) = field.kind else { return true }
        return !choice.options(on: board).isEmpty
      }
    }
  }

  /// Categories whose blocks Blockly makes itself, from the workspace's
  /// variables and procedures: VARIABLE gives `variables_set`,
  /// `math_change` and `variables_get`; PROCEDURE the definitions,
  /// `procedures_ifreturn` and a call per procedure.
  public static let dynamicCategories: [BlockCategory: String] = [
    .variables: "VARIABLE", .functions: "PROCEDURE",
  ]

  static func category(
    _ category: BlockCategory, _ language: Language, _ board: BoardDefinition
  ) -> BlocklyJSON? {
    var pairs: [(String, BlocklyJSON)] = [
      ("kind", .string("category")), ("name", .string(category.title.text(language))),
      ("colour", .string(String(category.hue))),
    ]
    if let custom = dynamicCategories[category] {
      pairs.append(("custom", .string(custom)))
      return .object(pairs)
    }
    let specs = blocks(on: board).filter { $0.category == category }
    guard !specs.isEmpty else { return nil }
    pairs.append(("contents", .array(specs.map { entry($0, language) })))
    return .object(pairs)
  }

  /// A block of the toolbox, with a number ready in each Number socket
  /// (and words in a text socket) so that a pupil can drop it and run it.
  static func entry(_ spec: BlockSpec, _ language: Language) -> BlocklyJSON {
    var pairs: [(String, BlocklyJSON)] = [("kind", .string("block")), ("type", .string(spec.type))]
    var inputs: [(String, BlocklyJSON)] = []
    for input in spec.inputs {
      guard let shadow = shadow(for: input, of: spec, language) else { continue }
      inputs.append((input.name, .object([("shadow", shadow)])))
    }
    if !inputs.isEmpty { pairs.append(("inputs", .object(inputs))) }
    return .object(pairs)
  }

  static func shadow(
    for input: InputSpec, of spec: BlockSpec, _ language: Language
  ) -> BlocklyJSON? {
    // A socket that takes several types is left empty: which one is the
    // pupil's choice (a comparison of numbers or of booleans).
    switch input.accepts.first {
    case .number? where input.accepts == [.number]:
      let number = startingNumbers[spec.type + "." + input.name] ?? 0
      return .object([
        ("type", .string("math_number")), ("fields", .object([("NUM", .int(number))])),
      ])
    case .text?:
      let words = Localized(fr: "bonjour", en: "hello").text(language)
      return .object([("type", .string("text")), ("fields", .object([("TEXT", .string(words))]))])
    default:
      return nil
    }
  }

  /// Numbers that make a block do something sensible as it comes out of
  /// the toolbox (a wait of 1 second, not 0); any other Number socket
  /// starts at 0.
  static let startingNumbers: [String: Int] = [
    "kocode_every.SECONDS": 10, "kocode_wait.DURATION": 1, "kocode_water.SECONDS": 5,
    "kocode_beep.MS": 200, "kocode_analog_write.VALUE": 128,
    "kocode_map.FROM_HIGH": 1023, "kocode_map.TO_HIGH": 100,
    "controls_repeat_ext.TIMES": 10, "controls_for.FROM": 1, "controls_for.TO": 10,
    "controls_for.BY": 1, "math_arithmetic.A": 1, "math_arithmetic.B": 1,
    "math_modulo.DIVIDEND": 64, "math_modulo.DIVISOR": 10, "math_single.NUM": 9,
    "math_random_int.FROM": 1, "math_random_int.TO": 100, "math_constrain.VALUE": 50,
    "math_constrain.HIGH": 100,
  ]
}

extension BlockCategory {
  /// The category's name in the toolbox.
  public var title: Localized {
    switch self {
    case .events: Localized(fr: "Événements", en: "Events")
    case .control: Localized(fr: "Contrôle", en: "Control")
    case .sensors: Localized(fr: "Capteurs", en: "Sensors")
    case .actions: Localized(fr: "Actions", en: "Actions")
    case .data: Localized(fr: "Données", en: "Data")
    case .operators: Localized(fr: "Opérateurs", en: "Operators")
    case .variables: Localized(fr: "Variables", en: "Variables")
    case .functions: Localized(fr: "Fonctions", en: "Functions")
    }
  }

  /// The category's hue in the toolbox (`language.md` section 4): Kocode's
  /// for its own categories, Blockly's for operators (math), variables and
  /// functions.
  public var hue: Int {
    switch self {
    case .events: BlockCatalog.Hue.events
    case .control: BlockCatalog.Hue.control
    case .sensors: BlockCatalog.Hue.sensors
    case .actions: BlockCatalog.Hue.actions
    case .data: BlockCatalog.Hue.data
    case .operators: BlockCatalog.Hue.math
    case .variables: BlockCatalog.Hue.variables
    case .functions: BlockCatalog.Hue.functions
    }
  }
}
