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

  /// Verbs, so that the block reads as a sentence: « allumer la pompe ».
  private static let onOff = FieldKind.options([
    FieldOption("ON", fr: "allumer", en: "turn on"),
    FieldOption("OFF", fr: "éteindre", en: "turn off"),
  ])

  /// The words for the `led` names boards use; another name shows as itself.
  public static let ledLabels: [String: Localized] = [
    "GREEN": Localized(fr: "verte", en: "green"),
    "RED": Localized(fr: "rouge", en: "red"),
    "BUILTIN": Localized(fr: "de la carte", en: "built-in"),
  ]

  // MARK: - Events

  private static let events: [BlockSpec] = [
    BlockSpec(
      type: "kocode_on_start", category: .events, hue: Hue.events,
      name: Localized(fr: "au démarrage", en: "at start"), shape: .hat,
      inputs: [.stack("DO")],
      editor: BlockText(
        fr: "au démarrage\n{DO}", en: "at start\n{DO}",
        tipFR: "Les blocs à l’intérieur s’exécutent une fois, quand le programme démarre.",
        tipEN: "The blocks inside run once, when the program starts.")),
    BlockSpec(
      type: "kocode_every", category: .events, hue: Hue.events,
      name: Localized(fr: "toutes les … secondes", en: "every … seconds"), shape: .hat,
      inputs: [.number("SECONDS"), .stack("DO")],
      editor: BlockText(
        fr: "toutes les {SECONDS} secondes\n{DO}", en: "every {SECONDS} seconds\n{DO}",
        tipFR: "Les blocs à l’intérieur s’exécutent au démarrage, puis à chaque période.",
        tipEN: "The blocks inside run at the start, then once every period.")),
    BlockSpec(
      type: "kocode_when", category: .events, hue: Hue.events,
      name: Localized(fr: "quand", en: "when"), shape: .hat,
      inputs: [.condition("CONDITION"), .stack("DO")],
      editor: BlockText(
        fr: "quand {CONDITION}\n{DO}", en: "when {CONDITION}\n{DO}",
        tipFR: "Les blocs à l’intérieur s’exécutent chaque fois que la condition devient "
          + "vraie.",
        tipEN: "The blocks inside run each time the condition becomes true.")),
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
      inputs: [.stack("DO")], isLoop: true, allowsNext: false,
      editor: BlockText(
        fr: "répéter indéfiniment\n{DO}", en: "forever\n{DO}",
        tipFR: "Répète les blocs à l’intérieur sans jamais s’arrêter.",
        tipEN: "Repeats the blocks inside and never stops.")),
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
      inputs: [.number("DURATION")],
      editor: BlockText(
        fr: "attendre {DURATION} {UNIT}", en: "wait {DURATION} {UNIT}",
        tipFR: "Attend avant de passer au bloc suivant ; les autres scripts continuent.",
        tipEN: "Waits before going on to the next block; the other scripts go on.")),
    BlockSpec(
      type: "kocode_wait_until", category: .control, hue: Hue.control,
      name: Localized(fr: "attendre jusqu'à", en: "wait until"), shape: .statement,
      inputs: [.condition("CONDITION")],
      editor: BlockText(
        fr: "attendre jusqu’à {CONDITION}", en: "wait until {CONDITION}",
        tipFR: "Attend que la condition soit vraie avant de passer au bloc suivant.",
        tipEN: "Waits until the condition is true before going on to the next block.")),
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
      ],
      editor: BlockText(
        fr: "arrêter {WHAT}", en: "stop {WHAT}",
        tipFR: "Arrête ce script, ou tout le programme (la pompe s’éteint).",
        tipEN: "Stops this script, or the whole program (the pump goes off).")),
  ]

  // MARK: - Sensors

  private static func sensor(
    _ type: String, fr: String, en: String, output: ValueType,
    fields: [FieldSpec] = [], requires: BoardRequirement? = nil, editor: BlockText
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .sensors, hue: Hue.sensors, name: Localized(fr: fr, en: en),
      shape: .value, output: .fixed(output), fields: fields, requires: requires, editor: editor)
  }

  private static let sensors: [BlockSpec] = [
    sensor(
      "kocode_soil_moisture", fr: "humidité du sol", en: "soil moisture", output: .number,
      requires: .sensor("soil_moisture"),
      editor: BlockText(
        fr: "humidité du sol", en: "soil moisture",
        tipFR: "L’humidité de la terre, de 0 % (sèche) à 100 % (trempée).",
        tipEN: "How wet the soil is, from 0 % (dry) to 100 % (soaked).")),
    sensor(
      "kocode_light", fr: "lumière", en: "light", output: .number, requires: .sensor("light"),
      editor: BlockText(
        fr: "lumière", en: "light",
        tipFR: "La lumière, de 0 % (nuit noire) à 100 % (plein soleil).",
        tipEN: "The light, from 0 % (dark night) to 100 % (full sun).")),
    sensor(
      "kocode_temperature", fr: "température", en: "temperature", output: .number,
      requires: .sensor("temperature"),
      editor: BlockText(
        fr: "température", en: "temperature",
        tipFR: "La température de l’air, en degrés Celsius.",
        tipEN: "The air temperature, in degrees Celsius.")),
    sensor(
      "kocode_tank_empty", fr: "réservoir vide", en: "tank empty", output: .boolean,
      requires: .sensor("tank_empty"),
      editor: BlockText(
        fr: "réservoir vide", en: "tank empty",
        tipFR: "Vrai quand il n’y a plus d’eau dans le réservoir.",
        tipEN: "True when there is no water left in the tank.")),
    sensor(
      "kocode_button", fr: "bouton appuyé", en: "button pressed", output: .boolean,
      requires: .sensor("button"),
      editor: BlockText(
        fr: "bouton appuyé", en: "button pressed",
        tipFR: "Vrai tant que le bouton est appuyé.", tipEN: "True while the button is pressed.")),
    sensor(
      "kocode_time", fr: "temps écoulé", en: "time since start", output: .number,
      fields: [
        FieldSpec(
          "UNIT",
          .options([
            FieldOption("MS", fr: "millisecondes", en: "milliseconds"),
            FieldOption("S", fr: "secondes", en: "seconds"),
          ]))
      ],
      editor: BlockText(
        fr: "temps écoulé en {UNIT}", en: "time since start in {UNIT}",
        tipFR: "Le temps passé depuis le démarrage du programme.",
        tipEN: "The time since the program started.")),
    sensor(
      "kocode_analog_read", fr: "lire la broche analogique", en: "read analog pin",
      output: .number, fields: [FieldSpec("PIN", .board(.analogInputs))],
      editor: BlockText(
        fr: "lire la broche analogique {PIN}", en: "read analog pin {PIN}",
        tipFR: "La valeur brute de la broche, de 0 à 1023.",
        tipEN: "The raw value of the pin, from 0 to 1023.")),
    sensor(
      "kocode_digital_read", fr: "lire la broche numérique", en: "read digital pin",
      output: .boolean, fields: [FieldSpec("PIN", .board(.digitalInputs))],
      editor: BlockText(
        fr: "lire la broche numérique {PIN}", en: "read digital pin {PIN}",
        tipFR: "Vrai quand la broche est au niveau haut.",
        tipEN: "True when the pin is at the high level.")),
  ]

  // MARK: - Actions

  private static func action(
    _ type: String, fr: String, en: String, fields: [FieldSpec] = [],
    inputs: [InputSpec] = [], requires: BoardRequirement? = nil, editor: BlockText
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .actions, hue: Hue.actions, name: Localized(fr: fr, en: en),
      shape: .statement, fields: fields, inputs: inputs, requires: requires, editor: editor)
  }

  private static let actions: [BlockSpec] = [
    action(
      "kocode_pump", fr: "pompe", en: "pump", fields: [FieldSpec("STATE", onOff)],
      requires: .output("pump"),
      editor: BlockText(
        fr: "{STATE} la pompe", en: "{STATE} the pump",
        tipFR: "Allume ou éteint la pompe ; la carte l’arrête si elle tourne trop longtemps.",
        tipEN: "Turns the pump on or off; the board stops it if it runs too long.")),
    action(
      "kocode_water", fr: "arroser", en: "water", inputs: [.number("SECONDS")],
      requires: .output("pump"),
      editor: BlockText(
        fr: "arroser pendant {SECONDS} secondes", en: "water for {SECONDS} seconds",
        tipFR: "Allume la pompe, attend, puis l’éteint.",
        tipEN: "Turns the pump on, waits, then turns it off.")),
    action(
      "kocode_led", fr: "LED", en: "LED",
      fields: [FieldSpec("LED", .board(.leds)), FieldSpec("STATE", onOff)],
      editor: BlockText(
        fr: "{STATE} la LED {LED}", en: "{STATE} the {LED} LED",
        tipFR: "Allume ou éteint une LED de la carte.",
        tipEN: "Turns a LED of the board on or off.")),
    action(
      "kocode_beep", fr: "bip", en: "beep", inputs: [.number("MS")], requires: .output("buzzer"),
      editor: BlockText(
        fr: "bip pendant {MS} millisecondes", en: "beep for {MS} milliseconds",
        tipFR: "Fait sonner le buzzer, puis passe au bloc suivant.",
        tipEN: "Sounds the buzzer, then goes on to the next block.")),
    action(
      "kocode_digital_write", fr: "écrire sur la broche numérique", en: "write digital pin",
      fields: [FieldSpec("PIN", .board(.freePins))], inputs: [.condition("STATE")],
      editor: BlockText(
        fr: "mettre la broche {PIN} à {STATE}", en: "set pin {PIN} to {STATE}",
        tipFR: "Vrai met la broche au niveau haut, faux au niveau bas.",
        tipEN: "True sets the pin high, false sets it low.")),
    action(
      "kocode_analog_write", fr: "écrire sur la broche PWM", en: "write PWM pin",
      fields: [FieldSpec("PIN", .board(.pwmPins))], inputs: [.number("VALUE")],
      editor: BlockText(
        fr: "mettre la broche PWM {PIN} à {VALUE}", en: "set PWM pin {PIN} to {VALUE}",
        tipFR: "De 0 (éteinte) à 255 (à fond).", tipEN: "From 0 (off) to 255 (full).")),
  ]

  // MARK: - Data

  private static let data: [BlockSpec] = [
    BlockSpec(
      type: "kocode_log", category: .data, hue: Hue.data,
      name: Localized(fr: "noter", en: "log"), shape: .statement,
      fields: [FieldSpec("LABEL", .text)], inputs: [.anyValue("VALUE")],
      editor: BlockText(
        fr: "noter {LABEL} {VALUE}", en: "log {LABEL} {VALUE}",
        tipFR: "Envoie la valeur à l’ordinateur, qui la range sous ce nom pour la courbe.",
        tipEN: "Sends the value to the computer, which files it under this name for the plot.",
        defaults: ["LABEL": Localized(fr: "mesure", en: "reading")])),
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
    numbers: [String], editor: BlockText? = nil
  ) -> BlockSpec {
    BlockSpec(
      type: type, category: .operators, hue: hue, name: Localized(fr: fr, en: en),
      shape: .value, output: .fixed(.number), fields: fields,
      inputs: numbers.map(InputSpec.number), editor: editor)
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
      numbers: ["VALUE", "FROM_LOW", "FROM_HIGH", "TO_LOW", "TO_HIGH"],
      editor: BlockText(
        fr: "changer d’échelle {VALUE} de {FROM_LOW} – {FROM_HIGH} "
          + "vers {TO_LOW} – {TO_HIGH}",
        en: "map {VALUE} from {FROM_LOW} – {FROM_HIGH} to {TO_LOW} – {TO_HIGH}",
        tipFR: "Transforme un nombre d’une échelle à une autre, "
          + "par exemple 0–1023 en 0–100.",
        tipEN: "Turns a number from one scale into another, for example 0–1023 into 0–100.")),
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
