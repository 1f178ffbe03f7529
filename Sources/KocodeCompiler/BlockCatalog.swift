import KocodeSupport

/// Every block type of the language (language.md section 4), as data: the
/// checker validates workspaces against it and the editor's block
/// definitions are generated from it.
public enum BlockCatalog {
  /// The block spec for a Blockly type name; nil for a block Kocode does
  /// not know (`unknown_block`).
  public static func spec(for type: String) -> BlockSpec? { byType[type] }

  /// Every block, grouped by category in toolbox order.
  public static var all: [BlockSpec] { table }

  private static let byType: [String: BlockSpec] = Dictionary(
    table.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })

  private static let table: [BlockSpec] =
    events + control + sensors + actions + data + logic + math + variables + functions

  // MARK: - Hues

  /// Blockly's own hues for its standard blocks, and Kocode's per category.
  enum Hue {
    static let logic = 210
    static let loops = 120
    static let math = 230
    static let text = 160
    static let variables = 330
    static let functions = 290
    static let events = 45
    static let control = 120
    static let sensors = 190
    static let actions = 20
    static let data = 65
  }

  // MARK: - Shared field options

  private static let onOff = FieldKind.options([
    FieldOption("ON", fr: "allumé", en: "on"),
    FieldOption("OFF", fr: "éteint", en: "off"),
  ])

  // MARK: - Events

  private static let events: [BlockSpec] = [
    BlockSpec(
      type: "kocode_on_start", category: .events, hue: Hue.events,
      name: Localized(fr: "au démarrage", en: "at start"), shape: .hat,
      inputs: [.stack("DO")]),
    BlockSpec(
      type: "kocode_every", category: .events, hue: Hue.events,
      name: Localized(fr: "toutes les … secondes", en: "every … seconds"), shape: .hat,
      inputs: [.number("SECONDS"), .stack("DO")]),
    BlockSpec(
      type: "kocode_when", category: .events, hue: Hue.events,
      name: Localized(fr: "quand", en: "when"), shape: .hat,
      inputs: [.condition("CONDITION"), .stack("DO")]),
  ]

  // MARK: - Control

  private static let control: [BlockSpec] = [
    BlockSpec(
      type: "controls_if", category: .control, hue: Hue.logic,
      name: Localized(fr: "si", en: "if"), shape: .statement,
      inputs: [.condition("IF0"), .stack("DO0"), .stack("ELSE")], mutator: .ifElse),
    BlockSpec(
      type: "controls_ifelse", category: .control, hue: Hue.logic,
      name: Localized(fr: "si … sinon", en: "if … else"), shape: .statement,
      inputs: [.condition("IF0"), .stack("DO0"), .stack("ELSE")]),
    BlockSpec(
      type: "controls_repeat_ext", category: .control, hue: Hue.loops,
      name: Localized(fr: "répéter", en: "repeat"), shape: .statement,
      inputs: [.number("TIMES"), .stack("DO")], isLoop: true),
    BlockSpec(
      type: "controls_repeat", category: .control, hue: Hue.loops,
      name: Localized(fr: "répéter", en: "repeat"), shape: .statement,
      fields: [FieldSpec("TIMES", .integer)], inputs: [.stack("DO")], isLoop: true),
    BlockSpec(
      type: "controls_whileUntil", category: .control, hue: Hue.loops,
      name: Localized(fr: "répéter tant que", en: "repeat while"), shape: .statement,
      fields: [
        FieldSpec(
          "MODE",
          .options([
            FieldOption("WHILE", fr: "tant que", en: "while"),
            FieldOption("UNTIL", fr: "jusqu'à", en: "until"),
          ]))
      ],
      inputs: [.condition("BOOL"), .stack("DO")], isLoop: true),
    BlockSpec(
      type: "controls_for", category: .control, hue: Hue.loops,
      name: Localized(fr: "compter avec", en: "count with"), shape: .statement,
      fields: [FieldSpec("VAR", .variable(.storeNumber))],
      inputs: [.number("FROM"), .number("TO"), .number("BY"), .stack("DO")], isLoop: true),
    BlockSpec(
      type: "controls_flow_statements", category: .control, hue: Hue.loops,
      name: Localized(fr: "sortir de la boucle", en: "break out of loop"), shape: .statement,
      fields: [
        FieldSpec(
          "FLOW",
          .options([
            FieldOption("BREAK", fr: "sortir de la boucle", en: "break out of loop"),
            FieldOption("CONTINUE", fr: "passer au tour suivant", en: "continue with next turn"),
          ]))
      ],
      enclosure: .loop),
    BlockSpec(
      type: "kocode_forever", category: .control, hue: Hue.control,
      name: Localized(fr: "répéter indéfiniment", en: "forever"), shape: .statement,
      inputs: [.stack("DO")], isLoop: true, allowsNext: false),
    BlockSpec(
      type: "kocode_wait", category: .control, hue: Hue.control,
      name: Localized(fr: "attendre", en: "wait"), shape: .statement,
      fields: [
        FieldSpec(
          "UNIT",
          .options([
            FieldOption("MS", fr: "millisecondes", en: "milliseconds"),
            FieldOption("S", fr: "secondes", en: "seconds"),
            FieldOption("MIN", fr: "minutes", en: "minutes"),
          ]))
      ],
      inputs: [.number("DURATION")]),
    BlockSpec(
      type: "kocode_wait_until", category: .control, hue: Hue.control,
      name: Localized(fr: "attendre jusqu'à", en: "wait until"), shape: .statement,
      inputs: [.condition("CONDITION")]),
    BlockSpec(
      type: "kocode_stop", category: .control, hue: Hue.control,
      name: Localized(fr: "arrêter", en: "stop"), shape: .statement,
      fields: [
        FieldSpec(
          "WHAT",
          .options([
            FieldOption("SCRIPT", fr: "ce script", en: "this script"),
            FieldOption("ALL", fr: "tout", en: "everything"),
          ]))
      ]),
  ]

  // MARK: - Sensors

  private static func sensor(
    _ type: String, fr: String, en: String, output: ValueType,
    fields: [FieldSpec] = [], requires: BoardRequirement? = nil
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .sensors, hue: Hue.sensors, name: Localized(fr: fr, en: en),
      shape: .value, output: .fixed(output), fields: fields, requires: requires)
  }

  private static let sensors: [BlockSpec] = [
    sensor(
      "kocode_soil_moisture", fr: "humidité du sol", en: "soil moisture", output: .number,
      requires: .sensor("soil_moisture")),
    sensor(
      "kocode_light", fr: "lumière", en: "light", output: .number, requires: .sensor("light")),
    sensor(
      "kocode_temperature", fr: "température", en: "temperature", output: .number,
      requires: .sensor("temperature")),
    sensor(
      "kocode_tank_empty", fr: "réservoir vide", en: "tank empty", output: .boolean,
      requires: .sensor("tank_empty")),
    sensor(
      "kocode_button", fr: "bouton appuyé", en: "button pressed", output: .boolean,
      requires: .sensor("button")),
    sensor(
      "kocode_time", fr: "temps écoulé", en: "time since start", output: .number,
      fields: [
        FieldSpec(
          "UNIT",
          .options([
            FieldOption("MS", fr: "millisecondes", en: "milliseconds"),
            FieldOption("S", fr: "secondes", en: "seconds"),
          ]))
      ]),
    sensor(
      "kocode_analog_read", fr: "lire la broche analogique", en: "read analog pin",
      output: .number, fields: [FieldSpec("PIN", .board(.analogInputs))]),
    sensor(
      "kocode_digital_read", fr: "lire la broche numérique", en: "read digital pin",
      output: .boolean, fields: [FieldSpec("PIN", .board(.digitalInputs))]),
  ]

  // MARK: - Actions

  private static func action(
    _ type: String, fr: String, en: String, fields: [FieldSpec] = [],
    inputs: [InputSpec] = [], requires: BoardRequirement? = nil
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .actions, hue: Hue.actions, name: Localized(fr: fr, en: en),
      shape: .statement, fields: fields, inputs: inputs, requires: requires)
  }

  private static let actions: [BlockSpec] = [
    action(
      "kocode_pump", fr: "pompe", en: "pump", fields: [FieldSpec("STATE", onOff)],
      requires: .output("pump")),
    action(
      "kocode_water", fr: "arroser", en: "water", inputs: [.number("SECONDS")],
      requires: .output("pump")),
    action(
      "kocode_led", fr: "LED", en: "LED",
      fields: [FieldSpec("LED", .board(.leds)), FieldSpec("STATE", onOff)]),
    action(
      "kocode_beep", fr: "bip", en: "beep", inputs: [.number("MS")], requires: .output("buzzer")),
    action(
      "kocode_digital_write", fr: "écrire sur la broche numérique", en: "write digital pin",
      fields: [FieldSpec("PIN", .board(.freePins))], inputs: [.condition("STATE")]),
    action(
      "kocode_analog_write", fr: "écrire sur la broche PWM", en: "write PWM pin",
      fields: [FieldSpec("PIN", .board(.pwmPins))], inputs: [.number("VALUE")]),
  ]

  // MARK: - Data

  private static let data: [BlockSpec] = [
    BlockSpec(
      type: "kocode_log", category: .data, hue: Hue.data,
      name: Localized(fr: "noter", en: "log"), shape: .statement,
      fields: [FieldSpec("LABEL", .text)], inputs: [.anyValue("VALUE")]),
    BlockSpec(
      type: "text_print", category: .data, hue: Hue.text,
      name: Localized(fr: "afficher", en: "print"), shape: .statement,
      inputs: [InputSpec("TEXT", .value(accepts: [.text, .number, .boolean]))]),
    BlockSpec(
      type: "text", category: .data, hue: Hue.text,
      name: Localized(fr: "texte", en: "text"), shape: .value, output: .fixed(.text),
      fields: [FieldSpec("TEXT", .text)]),
  ]

  // MARK: - Operators: logic

  private static let logic: [BlockSpec] = [
    BlockSpec(
      type: "logic_compare", category: .operators, hue: Hue.logic,
      name: Localized(fr: "comparer", en: "compare"), shape: .value, output: .fixed(.boolean),
      fields: [
        FieldSpec(
          "OP",
          .options([
            FieldOption("EQ", fr: "=", en: "="), FieldOption("NEQ", fr: "≠", en: "≠"),
            FieldOption("LT", fr: "<", en: "<"), FieldOption("LTE", fr: "≤", en: "≤"),
            FieldOption("GT", fr: ">", en: ">"), FieldOption("GTE", fr: "≥", en: "≥"),
          ]))
      ],
      inputs: [.anyValue("A"), .anyValue("B")],
      typeRules: [
        .sameType(["A", "B"]),
        .numbersOnly(inputs: ["A", "B"], whenField: "OP", is: ["LT", "LTE", "GT", "GTE"]),
      ]),
    BlockSpec(
      type: "logic_operation", category: .operators, hue: Hue.logic,
      name: Localized(fr: "et / ou", en: "and / or"), shape: .value, output: .fixed(.boolean),
      fields: [
        FieldSpec(
          "OP",
          .options([
            FieldOption("AND", fr: "et", en: "and"), FieldOption("OR", fr: "ou", en: "or"),
          ]))
      ],
      inputs: [.condition("A"), .condition("B")]),
    BlockSpec(
      type: "logic_negate", category: .operators, hue: Hue.logic,
      name: Localized(fr: "non", en: "not"), shape: .value, output: .fixed(.boolean),
      inputs: [.condition("BOOL")]),
    BlockSpec(
      type: "logic_boolean", category: .operators, hue: Hue.logic,
      name: Localized(fr: "vrai / faux", en: "true / false"), shape: .value,
      output: .fixed(.boolean),
      fields: [
        FieldSpec(
          "BOOL",
          .options([
            FieldOption("TRUE", fr: "vrai", en: "true"),
            FieldOption("FALSE", fr: "faux", en: "false"),
          ]))
      ]),
    BlockSpec(
      type: "logic_ternary", category: .operators, hue: Hue.logic,
      name: Localized(fr: "si … alors … sinon", en: "if … then … else"), shape: .value,
      output: .sameAsInputs(["THEN", "ELSE"]),
      inputs: [.condition("IF"), .anyValue("THEN"), .anyValue("ELSE")]),
  ]

  // MARK: - Operators: math

  private static func math(
    _ type: String, fr: String, en: String, hue: Int = Hue.math, fields: [FieldSpec] = [],
    numbers: [String]
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .operators, hue: hue, name: Localized(fr: fr, en: en),
      shape: .value, output: .fixed(.number), fields: fields,
      inputs: numbers.map(InputSpec.number))
  }

  private static let math: [BlockSpec] = [
    math(
      "math_number", fr: "nombre", en: "number", fields: [FieldSpec("NUM", .integer)],
      numbers: []),
    math(
      "math_arithmetic", fr: "calcul", en: "calculation",
      fields: [
        FieldSpec(
          "OP",
          .options([
            FieldOption("ADD", fr: "+", en: "+"), FieldOption("MINUS", fr: "−", en: "−"),
            FieldOption("MULTIPLY", fr: "×", en: "×"), FieldOption("DIVIDE", fr: "÷", en: "÷"),
            FieldOption("POWER", fr: "^", en: "^"),
          ]))
      ],
      numbers: ["A", "B"]),
    math(
      "math_modulo", fr: "reste de la division", en: "remainder of",
      numbers: ["DIVIDEND", "DIVISOR"]),
    math(
      "math_single", fr: "fonction mathématique", en: "math function",
      fields: [
        FieldSpec(
          "OP",
          .options(
            [
              FieldOption("ROOT", fr: "racine carrée", en: "square root"),
              FieldOption("ABS", fr: "valeur absolue", en: "absolute"),
              FieldOption("NEG", fr: "opposé", en: "negative"),
            ], unsupported: ["LN", "LOG10", "EXP", "POW10"]))
      ],
      numbers: ["NUM"]),
    math(
      "math_round", fr: "arrondir", en: "round",
      fields: [
        FieldSpec(
          "OP",
          .options([
            FieldOption("ROUND", fr: "arrondir", en: "round"),
            FieldOption("ROUNDUP", fr: "arrondir au-dessus", en: "round up"),
            FieldOption("ROUNDDOWN", fr: "arrondir en dessous", en: "round down"),
          ]))
      ],
      numbers: ["NUM"]),
    math("math_random_int", fr: "entier aléatoire", en: "random integer", numbers: ["FROM", "TO"]),
    math("math_constrain", fr: "limiter", en: "constrain", numbers: ["VALUE", "LOW", "HIGH"]),
    math(
      "kocode_map", fr: "changer d'échelle", en: "map",
      numbers: ["VALUE", "FROM_LOW", "FROM_HIGH", "TO_LOW", "TO_HIGH"]),
  ]

  // MARK: - Variables

  private static let variables: [BlockSpec] = [
    BlockSpec(
      type: "variables_get", category: .variables, hue: Hue.variables,
      name: Localized(fr: "variable", en: "variable"), shape: .value, output: .variable,
      fields: [FieldSpec("VAR", .variable(.read))]),
    BlockSpec(
      type: "variables_set", category: .variables, hue: Hue.variables,
      name: Localized(fr: "mettre", en: "set"), shape: .statement,
      fields: [FieldSpec("VAR", .variable(.store(from: "VALUE")))],
      inputs: [.anyValue("VALUE")]),
    BlockSpec(
      type: "math_change", category: .variables, hue: Hue.variables,
      name: Localized(fr: "ajouter à", en: "change by"), shape: .statement,
      fields: [FieldSpec("VAR", .variable(.storeNumber))], inputs: [.number("DELTA")]),
  ]

  // MARK: - Functions

  private static let functions: [BlockSpec] = [
    BlockSpec(
      type: "procedures_defnoreturn", category: .functions, hue: Hue.functions,
      name: Localized(fr: "définir la fonction", en: "define function"), shape: .definition,
      fields: [FieldSpec("NAME", .procedureName)], inputs: [.stack("STACK")],
      mutator: .procedureDefinition),
    BlockSpec(
      type: "procedures_defreturn", category: .functions, hue: Hue.functions,
      name: Localized(fr: "définir la fonction avec résultat", en: "define function with result"),
      shape: .definition, fields: [FieldSpec("NAME", .procedureName)],
      inputs: [.stack("STACK"), .anyValue("RETURN")], mutator: .procedureDefinition),
    BlockSpec(
      type: "procedures_callnoreturn", category: .functions, hue: Hue.functions,
      name: Localized(fr: "appeler la fonction", en: "call function"), shape: .statement,
      mutator: .procedureCall),
    BlockSpec(
      type: "procedures_callreturn", category: .functions, hue: Hue.functions,
      name: Localized(fr: "résultat de la fonction", en: "result of function"), shape: .value,
      output: .procedureResult, mutator: .procedureCall),
    BlockSpec(
      type: "procedures_ifreturn", category: .functions, hue: Hue.functions,
      name: Localized(fr: "si … renvoyer", en: "if … return"), shape: .statement,
      inputs: [.condition("CONDITION"), .anyValue("VALUE")], mutator: .ifReturn,
      enclosure: .procedure),
  ]
}
