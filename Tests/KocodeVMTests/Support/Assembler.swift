import KocodeBytecode

/// An operand in the test assembler: a number, or a name (a label for jumps
/// and calls, a text for `LOG_*` and `PRINT_TEXT`).
enum Operand: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
  case number(Int)
  case name(String)

  init(integerLiteral value: Int) { self = .number(value) }
  init(stringLiteral value: String) { self = .name(value) }
}

/// A tiny assembler for tests: opcodes by name with their operands, labels
/// for jumps and calls, `FUNCTION` headers, texts and block ids, producing
/// an `Image` with its host section.
struct Assembler {
  private(set) var code: [UInt8] = []
  private var labels: [String: Int] = [:]
  private var fixups: [(position: Int, kind: OperandKind, end: Int, label: String)] = []
  private var texts: [String] = []
  private var blockIDs: [String] = []
  private var debugMap: [HostSection.DebugEntry] = []
  private var functionNames: [String] = []
  private var scriptCount = 0
  var globalCount = 4

  /// Starts a function; `name` labels its header for `CALL`.
  mutating func function(
    _ name: String, params: Int = 0, locals: Int = 0, need: Int = 16, kind: Int = 0
  ) {
    labels[name] = code.count
    functionNames.append(name)
    if kind == 2 { scriptCount += 1 }
    code += [Opcode.function.rawValue, UInt8(params), UInt8(locals), UInt8(need), UInt8(kind)]
  }

  /// Starts a script (a function of kind 2).
  mutating func script(_ name: String = "kocode_on_start", locals: Int = 0, need: Int = 16) {
    function(name, locals: locals, need: need, kind: 2)
  }

  mutating func label(_ name: String) { labels[name] = code.count }

  /// The instructions from here on belong to block `id` (debug map).
  mutating func block(_ id: String) {
    let index = blockIDs.firstIndex(of: id) ?? blockIDs.count
    if index == blockIDs.count { blockIDs.append(id) }
    debugMap.append(HostSection.DebugEntry(offset: UInt16(code.count), block: UInt16(index)))
  }

  mutating func emit(_ opcode: Opcode, _ operands: Operand...) {
    let info = opcode.info
    precondition(operands.count == info.operands.count, "\(info.name): wrong operand count")
    code.append(opcode.rawValue)
    let end = code.count + info.operands.reduce(0) { $0 + $1.size }
    for (kind, operand) in zip(info.operands, operands) {
      append(operand, as: kind, end: end)
    }
  }

  /// Appends raw bytes (for broken images).
  mutating func raw(_ bytes: UInt8...) { code += bytes }

  private mutating func append(_ operand: Operand, as kind: OperandKind, end: Int) {
    switch operand {
    case .number(let value):
      appendNumber(value, size: kind.size)
    case .name(let name) where kind == .text:
      let index = texts.firstIndex(of: name) ?? texts.count
      if index == texts.count { texts.append(name) }
      appendNumber(index, size: 1)
    case .name(let name):
      fixups.append((code.count, kind, end, name))
      appendNumber(0, size: kind.size)
    }
  }

  private mutating func appendNumber(_ value: Int, size: Int) {
    for byte in 0..<size { code.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
  }

  /// The finished image, with every label resolved.
  func image() -> Image {
    var bytes = code
    for fixup in fixups {
      guard let target = labels[fixup.label] else { preconditionFailure("no \(fixup.label)") }
      let value: Int
      switch fixup.kind {
      case .fwd8, .fwd16: value = target - fixup.end
      case .back8, .back16: value = fixup.end - target
      default: value = target
      }
      precondition(value >= 0 && value < (1 << (8 * fixup.kind.size)), "\(fixup.label) too far")
      for byte in 0..<fixup.kind.size {
        bytes[fixup.position + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte))
      }
    }
    return Image(
      boardID: 1, scriptCount: UInt8(scriptCount), globalCount: UInt8(globalCount),
      functionCount: UInt8(functionNames.count), code: bytes,
      host: HostSection(
        texts: texts, blockIDs: blockIDs, debugMap: debugMap,
        globalNames: (0..<globalCount).map { "g\($0)" }, functionNames: functionNames))
  }
}
