import KocodeBoard
import KocodeSupport

/// The editor's definitions of Kocode's own blocks, made from the block
/// catalogue the checker validates against: the same field names, option
/// values, inputs and types, so that the editor can only build what the
/// compiler reads. Blockly's standard blocks are Blockly's own and are not
/// redefined.
public enum BlocklyDefinitions {
  /// The blocks the editor needs a definition for: those with words of
  /// their own in the catalogue (every `kocode_` block).
  public static var blocks: [BlockSpec] { BlockCatalog.all.filter { $0.editor != nil } }

  /// Every definition, as the array `Blockly.defineBlocksWithJsonArray`
  /// takes. Board options (LEDs, pins) are `board`'s.
  public static func json(language: Language, board: BoardDefinition) -> String {
    let definitions = blocks.compactMap { definition($0, language: language, board: board) }
    return BlocklyJSON.array(definitions).text() + "\n"
  }

  /// Blockly's names for the value types (`text` is Blockly's `String`).
  static func check(_ type: ValueType) -> String {
    switch type {
    case .number: "Number"
    case .boolean: "Boolean"
    case .text: "String"
    }
  }

  static func definition(
    _ spec: BlockSpec, language: Language, board: BoardDefinition
  ) -> BlocklyJSON? {
    guard let editor = spec.editor else { return nil }
    var pairs: [(String, BlocklyJSON)] = [("type", .string(spec.type))]
    for (index, row) in editor.rows(language).enumerated() {
      var message: [String] = []
      var arguments: [BlocklyJSON] = []
      for piece in row {
        switch piece {
        case .words(let words):
          message.append(words.replacingPercent())
        case .slot(let name):
          arguments.append(argument(name, of: spec, text: editor, language, board))
          message.append("%\(arguments.count)")
        }
      }
      pairs.append(("message\(index)", .string(message.joined(separator: " "))))
      if !arguments.isEmpty { pairs.append(("args\(index)", .array(arguments))) }
    }
    if spec.inputs.filter({ !$0.accepts.isEmpty }).count >= 2 {
      pairs.append(("inputsInline", .bool(true)))
    }
    pairs += connections(spec)
    pairs.append(("colour", .int(spec.hue)))
    pairs.append(("tooltip", .string(editor.tooltip.text(language))))
    return .object(pairs)
  }

  /// How the block joins others: a hat has no connection above, a value
  /// gives its type, and nothing may follow a block that never ends.
  static func connections(_ spec: BlockSpec) -> [(String, BlocklyJSON)] {
    switch spec.shape {
    case .hat, .definition:
      return []
    case .statement:
      let previous: [(String, BlocklyJSON)] = [("previousStatement", .null)]
      return spec.allowsNext ? previous + [("nextStatement", .null)] : previous
    case .value:
      if case .fixed(let type)? = spec.output { return [("output", .string(check(type)))] }
      return [("output", .null)]
    }
  }

  /// The argument of a message for a field or an input of the spec.
  static func argument(
    _ name: String, of spec: BlockSpec, text: BlockText, _ language: Language,
    _ board: BoardDefinition
  ) -> BlocklyJSON {
    if let input = spec.input(name) {
      guard case .value(let types) = input.kind else {
        return .object([("type", .string("input_statement")), ("name", .string(name))])
      }
      let names = types.map { BlocklyJSON.string(check($0)) }
      return .object([
        ("type", .string("input_value")), ("name", .string(name)),
        ("check", names.count == 1 ? names[0] : .array(names)),
      ])
    }
    guard let field = spec.field(name) else {
      preconditionFailure("\(spec.type): the message names \(name), which the block lacks")
    }
    let named: [(String, BlocklyJSON)] = [("name", .string(name))]
    switch field.kind {
    case .options(let options, _):
      let pairs = options.map { ($0.label.text(language), $0.value) }
      return .object([("type", .string("field_dropdown"))] + named + [("options", list(pairs))])
    case .board(let choice):
      let values = choice.options(on: board)
      var pairs = values.map { value in
        ((choice == .leds ? BlockCatalog.ledLabels[value]?.text(language) : nil) ?? value, value)
      }
      // Blockly refuses a dropdown without options; an empty value is
      // `invalid_field` or `pin_not_available` for the checker.
      if pairs.isEmpty { pairs = [("–", "")] }
      return .object([("type", .string("field_dropdown"))] + named + [("options", list(pairs))])
    case .integer:
      return .object(
        [("type", .string("field_number"))] + named + [("value", .int(0)), ("precision", .int(1))])
    case .variable:
      let variable = Localized(fr: "élément", en: "item").text(language)
      return .object(
        [("type", .string("field_variable"))] + named + [("variable", .string(variable))])
    case .text, .procedureName:
      let value = text.defaults[name]?.text(language) ?? ""
      return .object([("type", .string("field_input"))] + named + [("text", .string(value))])
    }
  }

  /// Dropdown options: `[label, value]` pairs.
  static func list(_ pairs: [(String, String)]) -> BlocklyJSON {
    .array(pairs.map { .array([.string($0.0), .string($0.1)]) })
  }
}

extension String {
  /// Blockly reads `%1` as an argument; a percent sign in the words is `%%`.
  fileprivate func replacingPercent() -> String {
    var result = ""
    for character in self { result += character == "%" ? "%%" : String(character) }
    return result
  }
}
