import KocodeBytecode

/// Hand-assembled images for the tests: opcodes with their operand values,
/// labels for jumps and calls, texts by name, and one block id per
/// instruction group so that errors name a block.
struct TinyAssembler {
  /// An operand: a number, or a label (jumps and calls) or a text (logs
  /// and prints) by name.
  enum Operand: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case value(Int)
    case named(String)

    init(integerLiteral value: Int) { self = .value(value) }
    init(stringLiteral value: String) { self = .named(value) }
  }

  private var code: [UInt8] = []
  private var labels: [String: Int] = [:]
  private var patches: [(at: Int, size: Int, kind: OperandKind, end: Int, label: String)] = []
  private var texts: [String] = []
  private var blocks: [String] = []
  private var debugMap: [HostSection.DebugEntry] = []
  private var functions = 0
  private var scripts = 0
  var globals = 4

  /// A `FUNCTION` header named `name`; kind 2 is a script.
  mutating func function(
    _ name: String, params: Int = 0, locals: Int = 0, need: Int = 16, kind: Int = 2
  ) {
    labels[name] = code.count
    functions += 1
    if kind == 2 { scripts += 1 }
    code += [0x00, UInt8(params), UInt8(locals), UInt8(need), UInt8(kind)]
  }

  mutating func label(_ name: String) { labels[name] = code.count }

  /// The instructions from here on belong to block `id`.
  mutating func block(_ id: String) {
    blocks.append(id)
    debugMap.append(.init(offset: UInt16(code.count), block: UInt16(blocks.count - 1)))
  }

  mutating func emit(_ opcode: Opcode, _ operands: Operand...) {
    let kinds = opcode.info.operands
    precondition(kinds.count == operands.count, "\(opcode): \(kinds.count) operands")
    code.append(opcode.rawValue)
    let end = code.count + kinds.reduce(0) { $0 + $1.size }
    for (kind, operand) in zip(kinds, operands) {
      switch operand {
      case .value(let value):
        append(value, size: kind.size)
      case .named(let name) where kind == .text:
        if !texts.contains(name) { texts.append(name) }
        append(texts.firstIndex(of: name)!, size: 1)
      case .named(let name):
        patches.append((code.count, kind.size, kind, end, name))
        append(0, size: kind.size)
      }
    }
  }

  /// Pushes any 32-bit number with `PUSH_I32`.
  mutating func push(_ value: Int32) {
    emit(.pushI32, .value(Int(value)))
  }

  private mutating func append(_ value: Int, size: Int) {
    for index in 0..<size { code.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
  }

  var image: Image {
    var bytes = code
    for patch in patches {
      let target = labels[patch.label]!
      let value: Int
      switch patch.kind {
      case .fwd8, .fwd16: value = target - patch.end
      case .back8, .back16: value = patch.end - target
      default: value = target
      }
      for index in 0..<patch.size {
        bytes[patch.at + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
      }
    }
    return Image(
      boardID: 1, scriptCount: UInt8(scripts), globalCount: UInt8(globals),
      functionCount: UInt8(functions), code: bytes,
      host: HostSection(texts: texts, blockIDs: blocks, debugMap: debugMap))
  }
}
