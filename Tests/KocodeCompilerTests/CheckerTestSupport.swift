import Foundation
import KocodeBlocks
import KocodeBoard
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// Block trees for checker tests, built directly in Swift (no reader).
enum Make {
  /// Any block: text fields as strings, inputs as stacks (a value input
  /// holds one block).
  static func block(
    _ type: String, _ id: String, fields: [String: String] = [:],
    inputs: [String: [Block]] = [:], mutation: Mutation = Mutation(), enabled: Bool = true
  ) -> Block {
    Block(
      id: id, type: type, fields: fields.mapValues { FieldValue.text($0) }, inputs: inputs,
      mutation: mutation, isEnabled: enabled)
  }

  static func number(_ text: String, _ id: String) -> Block {
    block("math_number", id, fields: ["NUM": text])
  }

  static func boolean(_ value: Bool, _ id: String) -> Block {
    block("logic_boolean", id, fields: ["BOOL": value ? "TRUE" : "FALSE"])
  }

  static func text(_ text: String, _ id: String) -> Block {
    block("text", id, fields: ["TEXT": text])
  }

  /// `variables_get` naming its variable by name only.
  static func get(_ name: String, _ id: String) -> Block {
    Block(id: id, type: "variables_get", fields: ["VAR": .variable(id: nil, name: name)])
  }

  static func set(_ name: String, _ value: Block?, _ id: String) -> Block {
    Block(
      id: id, type: "variables_set", fields: ["VAR": .variable(id: nil, name: name)],
      inputs: value.map { ["VALUE": [$0]] } ?? [:])
  }

  static func arithmetic(_ op: String, _ a: Block, _ b: Block, _ id: String) -> Block {
    block("math_arithmetic", id, fields: ["OP": op], inputs: ["A": [a], "B": [b]])
  }

  static func compare(_ op: String, _ a: Block, _ b: Block, _ id: String) -> Block {
    block("logic_compare", id, fields: ["OP": op], inputs: ["A": [a], "B": [b]])
  }

  static func ifThen(_ condition: Block?, _ body: [Block], _ id: String) -> Block {
    var inputs: [String: [Block]] = ["DO0": body]
    if let condition { inputs["IF0"] = [condition] }
    return block("controls_if", id, inputs: inputs)
  }

  static func wait(_ duration: Block, _ id: String, unit: String = "MS") -> Block {
    block("kocode_wait", id, fields: ["UNIT": unit], inputs: ["DURATION": [duration]])
  }

  static func log(_ value: Block, _ id: String) -> Block {
    block("kocode_log", id, fields: ["LABEL": "x"], inputs: ["VALUE": [value]])
  }

  static func forever(_ body: [Block], _ id: String) -> Block {
    block("kocode_forever", id, inputs: ["DO": body])
  }

  static func onStart(_ body: [Block], _ id: String = "start", enabled: Bool = true) -> Block {
    block("kocode_on_start", id, inputs: ["DO": body], enabled: enabled)
  }

  /// A procedure definition; `returns` makes a `procedures_defreturn`.
  static func define(
    _ name: String, _ id: String, parameters: [String] = [], body: [Block] = [],
    returns: Block? = nil, isReturning: Bool = false, enabled: Bool = true
  ) -> Block {
    var mutation = Mutation()
    mutation.parameters = parameters.map { Parameter(name: $0) }
    var inputs: [String: [Block]] = ["STACK": body]
    if let returns { inputs["RETURN"] = [returns] }
    let type = isReturning || returns != nil ? "procedures_defreturn" : "procedures_defnoreturn"
    return block(
      type, id, fields: ["NAME": name], inputs: inputs, mutation: mutation,
      enabled: enabled)
  }

  /// A call; `parameters` defaults to one per argument.
  static func call(
    _ name: String, _ id: String, arguments: [Block] = [], parameters: [String]? = nil,
    returning: Bool = false
  ) -> Block {
    var mutation = Mutation()
    mutation.name = name
    let names = parameters ?? arguments.indices.map { "p\($0)" }
    mutation.parameters = names.map { Parameter(name: $0) }
    var inputs: [String: [Block]] = [:]
    for (index, argument) in arguments.enumerated() { inputs["ARG\(index)"] = [argument] }
    let type = returning ? "procedures_callreturn" : "procedures_callnoreturn"
    return block(type, id, inputs: inputs, mutation: mutation)
  }
}

/// The board and the checker, as the tests use them.
enum CheckerFixture {
  static let uno: BoardDefinition = {
    let file = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Boards/greenhouse-uno/board.json")
    guard let data = try? Data(contentsOf: file),
      let board = try? BoardCatalog.decode(data, name: "greenhouse-uno")
    else { fatalError("cannot read \(file.path)") }
    return board
  }()

  static func check(
    _ stacks: [[Block]], variables: [Variable] = [], board: BoardDefinition = uno
  ) -> CheckedProgram {
    Checker(board: board).check(Workspace(variables: variables, stacks: stacks))
  }

  /// Checks one `kocode_on_start` script holding `body`.
  static func checkScript(_ body: [Block]) -> CheckedProgram {
    check([[Make.onStart(body)]])
  }
}

extension CheckedProgram {
  /// The codes of the diagnostics, in order.
  var codes: [String] { diagnostics.map(\.code) }

  var errorCodes: [String] { diagnostics.filter(\.isError).map(\.code) }

  /// The diagnostics with this code.
  func diagnostics(_ code: DiagnosticCode) -> [Diagnostic] {
    diagnostics.filter { $0.code == code.rawValue }
  }
}

/// Expects exactly one diagnostic with `code`, on `block`, with the code's
/// severity and a message filled in both languages (and not the same text).
func expectOne(
  _ code: DiagnosticCode, on block: String?, in program: CheckedProgram,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let found = program.diagnostics(code)
  #expect(found.count == 1, "\(code.rawValue) in \(program.codes)", sourceLocation: sourceLocation)
  guard let diagnostic = found.first else { return }
  #expect(diagnostic.block == block, sourceLocation: sourceLocation)
  #expect(diagnostic.severity == code.severity, sourceLocation: sourceLocation)
  expectBothLanguages(diagnostic.message, sourceLocation: sourceLocation)
}

/// A message with non-empty, different French and English.
func expectBothLanguages(
  _ message: Localized, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(!message.fr.isEmpty, sourceLocation: sourceLocation)
  #expect(!message.en.isEmpty, sourceLocation: sourceLocation)
  #expect(message.fr != message.en, sourceLocation: sourceLocation)
}
