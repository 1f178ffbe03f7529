import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler

/// A block written in Swift, turned into Blockly JSON or XML text, so tests
/// compile real files through the whole pipeline.
struct TestBlock {
  var type: String
  var id: String
  var fields: [(String, String)] = []
  var variableFields: [(String, String)] = []
  var inputs: [(String, [TestBlock])] = []
  var shadows: Set<String> = []
  var mutation: [(String, String)] = []
  var enabled = true

  init(
    _ type: String, _ id: String, fields: [(String, String)] = [],
    variables: [(String, String)] = [], inputs: [(String, [TestBlock])] = [],
    shadows: Set<String> = [], mutation: [(String, String)] = [], enabled: Bool = true
  ) {
    self.type = type
    self.id = id
    self.fields = fields
    self.variableFields = variables
    self.inputs = inputs
    self.shadows = shadows
    self.mutation = mutation
    self.enabled = enabled
  }

  /// `{"type": …}` with `next` chaining the rest of `stack`.
  static func json(_ stack: ArraySlice<TestBlock>) -> String {
    guard let first = stack.first else { return "null" }
    var parts = ["\"type\":\"\(first.type)\"", "\"id\":\"\(first.id)\""]
    if !first.enabled { parts.append("\"enabled\":false") }
    var fields = first.fields.map { "\"\($0.0)\":\(quote($0.1))" }
    fields += first.variableFields.map { "\"\($0.0)\":{\"id\":\"\($0.1)\"}" }
    if !fields.isEmpty { parts.append("\"fields\":{\(fields.joined(separator: ","))}") }
    if !first.inputs.isEmpty {
      let inputs = first.inputs.filter { !$0.1.isEmpty }.map { name, blocks in
        let key = first.shadows.contains(name) ? "shadow" : "block"
        return "\"\(name)\":{\"\(key)\":\(json(blocks[...]))}"
      }
      parts.append("\"inputs\":{\(inputs.joined(separator: ","))}")
    }
    if !first.mutation.isEmpty {
      let state = first.mutation.map { "\"\($0.0)\":\($0.1)" }
      parts.append("\"extraState\":{\(state.joined(separator: ","))}")
    }
    if stack.count > 1 { parts.append("\"next\":{\"block\":\(json(stack.dropFirst()))}") }
    return "{" + parts.joined(separator: ",") + "}"
  }

  static func quote(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

/// A whole workspace: stacks of blocks and the variables they use.
struct TestProgram {
  var stacks: [[TestBlock]]
  var variables: [(id: String, name: String)] = []

  var json: String {
    let blocks = stacks.map { TestBlock.json($0[...]) }.joined(separator: ",")
    let variables = self.variables.map { "{\"id\":\"\($0.id)\",\"name\":\"\($0.name)\"}" }
    return "{\"blocks\":{\"languageVersion\":0,\"blocks\":[\(blocks)]},"
      + "\"variables\":[\(variables.joined(separator: ","))]}"
  }
}

/// Shorthands for the blocks tests use most.
enum B {
  static func number(_ value: Int, _ id: String) -> TestBlock {
    TestBlock("math_number", id, fields: [("NUM", String(value))])
  }

  static func get(_ variable: String, _ id: String) -> TestBlock {
    TestBlock("variables_get", id, variables: [("VAR", variable)])
  }

  static func set(_ variable: String, _ value: TestBlock, _ id: String) -> TestBlock {
    TestBlock("variables_set", id, variables: [("VAR", variable)], inputs: [("VALUE", [value])])
  }

  static func onStart(_ body: [TestBlock], _ id: String = "hat") -> TestBlock {
    TestBlock("kocode_on_start", id, inputs: [("DO", body)])
  }
}

enum TestBoards {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let uno: BoardDefinition = {
    let catalog = BoardCatalog(directory: root.appendingPathComponent("Boards"))
    guard let board = try? catalog.load("greenhouse-uno") else {
      fatalError("Boards/greenhouse-uno/board.json cannot be read")
    }
    return board
  }()

  static var unoLimits: BoardLimits { BoardLimits(uno) }
}

/// The instructions of an image's code as `NAME operands` strings.
func instructionNames(_ code: [UInt8]) -> [String] {
  var result: [String] = []
  var offset = 0
  while offset < code.count, let info = Opcode.info(forByte: code[offset]) {
    var operands: [String] = []
    var position = offset + 1
    for kind in info.operands {
      var value = 0
      for index in 0..<kind.size { value |= Int(code[position + index]) << (8 * index) }
      if kind == .i8 { value = Int(Int8(truncatingIfNeeded: value)) }
      if kind == .i16 { value = Int(Int16(truncatingIfNeeded: value)) }
      if kind == .i32 { value = Int(Int32(truncatingIfNeeded: value)) }
      operands.append(String(value))
      position += kind.size
    }
    result.append(([info.name] + operands).joined(separator: " "))
    offset += info.length
  }
  return result
}
