import Foundation
import KocodeBoard
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// The editor's block definitions and toolbox, against the catalogue the
/// checker validates with: what the editor can build, the compiler reads.
@Suite struct BlocklyDefinitionsTests {
  /// Blockly's own blocks that `language.md` accepts: the editor knows them.
  static let blocklyOwn: Set<String> = [
    "controls_if", "controls_ifelse", "controls_repeat_ext", "controls_repeat",
    "controls_whileUntil", "controls_for", "controls_flow_statements", "text_print", "text",
    "logic_compare", "logic_operation", "logic_negate", "logic_boolean", "logic_ternary",
    "math_number", "math_arithmetic", "math_modulo", "math_single", "math_round",
    "math_random_int", "math_constrain", "variables_get", "variables_set", "math_change",
    "procedures_defnoreturn", "procedures_defreturn", "procedures_callnoreturn",
    "procedures_callreturn", "procedures_ifreturn",
  ]

  static func definitions(_ language: Language, board: BoardDefinition = TestBoards.uno)
    throws -> [[String: Any]]
  {
    let text = BlocklyDefinitions.json(language: language, board: board)
    return try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
  }

  /// The arguments of every message row of a definition, in order.
  static func arguments(_ definition: [String: Any]) -> [[String: Any]] {
    (0..<10).flatMap { (definition["args\($0)"] as? [[String: Any]]) ?? [] }
  }

  @Test(arguments: [Language.fr, .en])
  func everyBlockTheCompilerAcceptsHasADefinitionAndBack(_ language: Language) throws {
    let defined = try Self.definitions(language).compactMap { $0["type"] as? String }
    #expect(Set(defined).count == defined.count)
    for spec in BlockCatalog.all {
      if spec.type.hasPrefix("kocode_") {
        #expect(defined.contains(spec.type), "\(spec.type) has no definition")
      } else {
        #expect(Self.blocklyOwn.contains(spec.type), "\(spec.type) is neither ours nor Blockly's")
        #expect(!defined.contains(spec.type), "\(spec.type) would replace Blockly's own")
      }
    }
    for type in defined {
      #expect(BlockCatalog.spec(for: type) != nil, "\(type) is defined but not compiled")
    }
  }

  @Test(arguments: [Language.fr, .en])
  func definitionsHaveTheCataloguesFieldsInputsAndTypes(_ language: Language) throws {
    for definition in try Self.definitions(language) {
      let type = try #require(definition["type"] as? String)
      let spec = try #require(BlockCatalog.spec(for: type))
      let arguments = Self.arguments(definition)
      let names = arguments.compactMap { $0["name"] as? String }
      #expect(names.sorted() == (spec.fields.map(\.name) + spec.inputs.map(\.name)).sorted())
      for row in 0..<10 {
        guard let message = definition["message\(row)"] as? String else { continue }
        let count = (definition["args\(row)"] as? [Any])?.count ?? 0
        for index in 1...max(count, 1) where count > 0 {
          #expect(message.components(separatedBy: "%\(index)").count == 2, "\(type) \(message)")
        }
        #expect(!message.contains("{") && !message.contains("%\(count + 1)"))
      }
      for argument in arguments {
        let name = try #require(argument["name"] as? String)
        if let input = spec.input(name) {
          try Self.expectInput(argument, matches: input, in: type)
        } else {
          try Self.expectField(argument, matches: try #require(spec.field(name)), in: type)
        }
      }
      #expect(definition["colour"] as? Int == spec.hue)
      #expect((definition["tooltip"] as? String)?.isEmpty == false)
      #expect(definition.keys.contains("output") == (spec.shape == .value), "\(type)")
      #expect(definition.keys.contains("previousStatement") == (spec.shape == .statement))
      #expect(
        definition.keys.contains("nextStatement") == (spec.shape == .statement && spec.allowsNext))
    }
  }

  static func expectInput(_ argument: [String: Any], matches input: InputSpec, in type: String)
    throws
  {
    let blocklyNames = ["Number": ValueType.number, "Boolean": .boolean, "String": .text]
    switch input.kind {
    case .statement:
      #expect(argument["type"] as? String == "input_statement", "\(type).\(input.name)")
    case .value(let accepts):
      #expect(argument["type"] as? String == "input_value", "\(type).\(input.name)")
      let single = argument["check"] as? String
      let check = (argument["check"] as? [String]) ?? single.map { [$0] } ?? []
      #expect(check.compactMap { blocklyNames[$0] } == accepts, "\(type).\(input.name)")
    }
  }

  static func expectField(_ argument: [String: Any], matches field: FieldSpec, in type: String)
    throws
  {
    let values = (argument["options"] as? [[String]])?.map { $0[1] }
    switch field.kind {
    case .options(let options, _):
      #expect(values == options.map(\.value), "\(type).\(field.name)")
    case .board(let choice):
      #expect(values == choice.options(on: TestBoards.uno), "\(type).\(field.name)")
    case .text:
      #expect((argument["text"] as? String)?.isEmpty == false, "\(type).\(field.name)")
    default:
      Issue.record("\(type).\(field.name): a field kind Kocode's blocks do not use")
    }
  }

  /// A one-block program for each option of each field of each definition
  /// compiles: the editor offers nothing the checker refuses.
  @Test(arguments: [Language.fr, .en])
  func everyOptionOfEveryDefinitionCompiles(_ language: Language) throws {
    var programs = 0
    for definition in try Self.definitions(language) {
      let type = try #require(definition["type"] as? String)
      let spec = try #require(BlockCatalog.spec(for: type))
      let arguments = Self.arguments(definition)
      for (index, argument) in arguments.enumerated() {
        let options = (argument["options"] as? [[String]])?.map { $0[1] } ?? [""]
        for option in options {
          let block = Self.block(spec, arguments, choosing: option, at: index)
          let program = Self.program(around: block, spec)
          let compilation = Compiler.compile(Array(program.utf8), board: TestBoards.uno)
          let errors = compilation.diagnostics.filter(\.isError).map(\.code)
          #expect(errors.isEmpty, "\(type) with \(option): \(errors)\n\(program)")
          programs += 1
        }
      }
    }
    #expect(programs > 40)
  }

  /// The same programs fail when a field holds what no option offers:
  /// the check above can tell.
  @Test func aValueNoOptionOffersIsRefused() throws {
    let definition = try #require(
      try Self.definitions(.en).first { $0["type"] as? String == "kocode_wait" })
    let spec = try #require(BlockCatalog.spec(for: "kocode_wait"))
    let arguments = Self.arguments(definition)
    let unit = try #require(arguments.firstIndex { $0["name"] as? String == "UNIT" })
    let block = Self.block(spec, arguments, choosing: "HOURS", at: unit)
    let compilation = Compiler.compile(
      Array(Self.program(around: block, spec).utf8), board: TestBoards.uno)
    #expect(compilation.diagnostics.map(\.code) == ["invalid_field"])
  }

  /// A block in Blockly's JSON: the fields at their first option (or the
  /// definition's text), `option` for argument `chosen`, and every value
  /// socket filled with a constant of its first type.
  static func block(
    _ spec: BlockSpec, _ arguments: [[String: Any]], choosing option: String, at chosen: Int
  ) -> String {
    var fields: [String] = []
    var inputs: [String] = []
    for (index, argument) in arguments.enumerated() {
      let name = argument["name"] as? String ?? ""
      if let input = spec.input(name) {
        guard let type = input.accepts.first else { continue }
        inputs.append("\"\(name)\": {\"block\": \(constant(type, id: "\(name)-value"))}")
        continue
      }
      let first = (argument["options"] as? [[String]])?.first?[1] ?? argument["text"] as? String
      let value = index == chosen && argument["options"] != nil ? option : first ?? ""
      fields.append("\"\(name)\": \(JSONText.string(value))")
    }
    return "{\"type\": \"\(spec.type)\", \"id\": \"tested\", "
      + "\"fields\": {\(fields.joined(separator: ", "))}, "
      + "\"inputs\": {\(inputs.joined(separator: ", "))}}"
  }

  static func constant(_ type: ValueType, id: String) -> String {
    switch type {
    case .number: "{\"type\": \"math_number\", \"id\": \"\(id)\", \"fields\": {\"NUM\": 1}}"
    case .boolean:
      "{\"type\": \"logic_boolean\", \"id\": \"\(id)\", \"fields\": {\"BOOL\": \"TRUE\"}}"
    case .text: "{\"type\": \"text\", \"id\": \"\(id)\", \"fields\": {\"TEXT\": \"a\"}}"
    }
  }

  /// A workspace where the block runs: a hat alone, a statement under
  /// « au démarrage », a value logged.
  static func program(around block: String, _ spec: BlockSpec) -> String {
    let hat = #"{"type": "kocode_on_start", "id": "hat", "inputs": {"DO": {"block": "#
    let top: String
    switch spec.shape {
    case .hat, .definition:
      top = block
    case .statement:
      top = hat + block + "}}}"
    case .value:
      let log =
        #"{"type": "kocode_log", "id": "log", "fields": {"LABEL": "x"}, "#
        + #""inputs": {"VALUE": {"block": "# + block + "}}}"
      top = hat + log + "}}}"
    }
    return "{\"blocks\": {\"languageVersion\": 0, \"blocks\": [\(top)]}}"
  }

  // MARK: - Toolbox

  static func toolbox(_ language: Language, board: BoardDefinition = TestBoards.uno) throws
    -> [[String: Any]]
  {
    let text = BlocklyToolbox.json(language: language, board: board)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["kind"] as? String == "categoryToolbox")
    return try #require(object["contents"] as? [[String: Any]])
  }

  static func types(in categories: [[String: Any]]) -> [String] {
    categories.flatMap { category in
      ((category["contents"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
    }
  }

  @Test(arguments: [Language.fr, .en])
  func theToolboxOffersEveryBlockOfTheBoardOnce(_ language: Language) throws {
    let categories = try Self.toolbox(language)
    let listed = Self.types(in: categories)
    #expect(Set(listed).count == listed.count)
    let dynamic = BlockCatalog.all.filter {
      BlocklyToolbox.dynamicCategories[$0.category] != nil
    }.map(\.type)
    #expect(
      Set(dynamic)
        == [
          "variables_get", "variables_set", "math_change", "procedures_defnoreturn",
          "procedures_defreturn", "procedures_callnoreturn", "procedures_callreturn",
          "procedures_ifreturn",
        ])
    #expect(Set(listed + dynamic) == Set(BlockCatalog.all.map(\.type)))
    let names = categories.compactMap { $0["name"] as? String }
    #expect(
      names
        == (language == .fr
          ? [
            "Événements", "Contrôle", "Capteurs", "Actions", "Données", "Opérateurs",
            "Variables", "Fonctions",
          ]
          : [
            "Events", "Control", "Sensors", "Actions", "Data", "Operators", "Variables",
            "Functions",
          ]))
    let colours = categories.compactMap { $0["colour"] as? String }
    #expect(colours == ["45", "120", "190", "20", "65", "230", "330", "290"])
    #expect(categories.suffix(2).map { $0["custom"] as? String } == ["VARIABLE", "PROCEDURE"])
  }

  /// A board without a buzzer, a button or free pins: the toolbox leaves
  /// their blocks out; the definitions keep every block, so any program
  /// still opens, with an empty choice where the board has none.
  @Test func theToolboxLeavesOutWhatTheBoardLacks() throws {
    var board = TestBoards.uno
    board.outputs.removeAll { $0.name == "buzzer" || $0.free == true }
    board.sensors["button"] = nil
    let listed = Set(Self.types(in: try Self.toolbox(.fr, board: board)))
    for missing in [
      "kocode_beep", "kocode_button", "kocode_digital_write", "kocode_analog_write",
    ] {
      #expect(!listed.contains(missing), "\(missing)")
    }
    #expect(listed.contains("kocode_led") && listed.contains("kocode_pump"))
    #expect(Self.types(in: try Self.toolbox(.fr)).contains("kocode_beep"))
    let definitions = try Self.definitions(.fr, board: board)
    let write = try #require(definitions.first { $0["type"] as? String == "kocode_digital_write" })
    let pin = Self.arguments(write).first { $0["name"] as? String == "PIN" }
    #expect(pin?["options"] as? [[String]] == [["–", ""]])
  }

  @Test func theWordsAreTheLanguagesAndTheRestIsTheSame() throws {
    let french = BlocklyDefinitions.json(language: .fr, board: TestBoards.uno)
    let english = BlocklyDefinitions.json(language: .en, board: TestBoards.uno)
    #expect(french == BlocklyDefinitions.json(language: .fr, board: TestBoards.uno))
    #expect(french.contains("\"allumer\", \"ON\"") && english.contains("\"turn on\", \"ON\""))
    #expect(french.contains("\"verte\", \"GREEN\"") && english.contains("\"green\", \"GREEN\""))
    #expect(french.contains("arroser pendant %1 secondes"))
    #expect(english.contains("water for %1 seconds"))
    let structure = { (text: String) throws -> [String] in
      try Self.definitions(text == french ? .fr : .en).map { definition in
        let arguments = Self.arguments(definition).map { argument in
          [argument["type"], argument["name"], argument["check"]].map { "\($0 ?? "")" }
            .joined(separator: "/")
            + ((argument["options"] as? [[String]])?.map { $0[1] }.joined(separator: ",") ?? "")
        }
        return "\(definition["type"] ?? "") \(arguments) \(definition["output"] ?? "-")"
      }
    }
    #expect(try structure(french) == structure(english))
  }

  @Test func messagesSplitIntoWordsAndSlots() {
    #expect(
      BlockText.pieces(of: "toutes les {SECONDS} secondes")
        == [.words("toutes les"), .slot("SECONDS"), .words("secondes")])
    #expect(
      BlockText.pieces(of: "{STATE} la LED {LED}") == [
        .slot("STATE"), .words("la LED"), .slot("LED"),
      ])
    #expect(BlockText.pieces(of: "  ") == [])
  }
}
