/// The parsed form of `Sources/KocodeBytecode/Tables/opcodes.txt`, the one
/// table from which every list of opcodes, runtime errors and VM constants
/// in Kocode is generated.
public struct OpcodeTable: Equatable, Sendable {
  public struct Opcode: Equatable, Sendable {
    public var code: Int
    public var name: String
    public var operands: [String]
    /// Values popped; nil when the callee decides (CALL).
    public var pops: Int?
    /// Values pushed; nil when the callee decides (CALL).
    public var pushes: Int?
    /// Values popped when the branch is taken; nil when there is no branch.
    public var taken: Int?
    public var flags: String
    public var meaning: String
  }

  public struct Entry: Equatable, Sendable {
    public var name: String
    public var value: String
    public var meaning: String
  }

  public var opcodes: [Opcode] = []
  public var errors: [Entry] = []
  public var constants: [Entry] = []

  public static let operandSizes: [String: Int] = [
    "i8": 1, "i16": 2, "i32": 4, "glob": 1, "loc": 1, "out": 1, "chan": 1,
    "pin": 1, "text": 1, "fwd8": 1, "fwd16": 2, "back8": 1, "back16": 2,
    "func": 2, "u8": 1,
  ]

  public struct ParseError: Error, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "opcodes.txt:\(line): \(reason)" }
  }

  public init() {}

  /// Reads the table; every malformed line is an error naming its line.
  public init(parsing text: String) throws {
    var section = ""
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("# section ") {
        section = String(line.dropFirst("# section ".count))
        continue
      }
      if line.isEmpty || line.hasPrefix("#") { continue }
      let number = index + 1
      switch section {
      case "opcodes": opcodes.append(try Self.opcode(line, number))
      case "errors": errors.append(try Self.entry(line, number))
      case "constants": constants.append(try Self.entry(line, number))
      default: throw ParseError(line: number, reason: "line outside any section")
      }
    }
    try validate()
  }

  private static func fields(_ line: String, _ count: Int) -> [String] {
    var parts: [String] = []
    var rest = Substring(line)
    while parts.count < count - 1 {
      rest = rest.drop(while: { $0 == " " })
      let word = rest.prefix(while: { $0 != " " })
      if word.isEmpty { break }
      parts.append(String(word))
      rest = rest.dropFirst(word.count)
    }
    parts.append(rest.trimmingCharacters(in: .whitespaces))
    return parts
  }

  private static func opcode(_ line: String, _ number: Int) throws -> Opcode {
    let f = fields(line, 8)
    guard f.count == 8, let code = Int(f[0].dropFirst(2), radix: 16), f[0].hasPrefix("0x")
    else { throw ParseError(line: number, reason: "expected 8 columns starting with 0xNN") }
    let operands = f[2] == "-" ? [] : f[2].split(separator: ",").map(String.init)
    for kind in operands where operandSizes[kind] == nil {
      throw ParseError(line: number, reason: "unknown operand kind '\(kind)'")
    }
    func count(_ text: String) throws -> Int? {
      if text == "*" { return nil }
      guard let value = Int(text) else {
        throw ParseError(line: number, reason: "'\(text)' is not a count")
      }
      return value
    }
    let taken = f[5] == "-" ? nil : try count(f[5])
    return Opcode(
      code: code, name: f[1], operands: operands, pops: try count(f[3]),
      pushes: try count(f[4]), taken: taken, flags: f[6] == "-" ? "" : f[6],
      meaning: f[7])
  }

  private static func entry(_ line: String, _ number: Int) throws -> Entry {
    let f = fields(line, 3)
    guard f.count == 3, !f[2].isEmpty else {
      throw ParseError(line: number, reason: "expected name or code, value and meaning")
    }
    return Entry(name: f[0], value: f[1], meaning: f[2])
  }

  private func validate() throws {
    var seen = Set<Int>()
    var names = Set<String>()
    for op in opcodes {
      guard (0...255).contains(op.code), seen.insert(op.code).inserted,
        names.insert(op.name).inserted
      else { throw ParseError(line: 0, reason: "opcode \(op.name) repeats a code or name") }
    }
  }

  /// Bytes an instruction with this opcode occupies, opcode byte included.
  public func length(of op: Opcode) -> Int {
    1 + op.operands.reduce(0) { $0 + (Self.operandSizes[$1] ?? 0) }
  }
}

/// `PUSH_I8` → `pushI8`, `division_by_zero` → `divisionByZero`.
func camelCase(_ snake: String) -> String {
  let parts = snake.lowercased().split(separator: "_")
  guard let first = parts.first else { return snake }
  return String(first)
    + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
    .joined()
}
