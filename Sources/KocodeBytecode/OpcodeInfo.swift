/// What an operand of an instruction means, and so how the verifier checks it.
public enum OperandKind: String, Sendable {
  case i8, i16, i32
  /// A global variable index.
  case glob
  /// A slot of the current frame: a parameter or a hidden loop counter.
  case loc
  /// An output of the board definition.
  case out
  /// An analog channel, A0 = 0.
  case chan
  /// A digital pin number.
  case pin
  /// A text of the image's host section (log label or message).
  case text
  /// Forward jump distance from the end of the instruction.
  case fwd8, fwd16
  /// Backward jump distance from the end of the instruction.
  case back8, back16
  /// Absolute code offset of an earlier function's header.
  case function
  case u8

  /// Bytes the operand takes in the code.
  public var size: Int {
    switch self {
    case .i8, .glob, .loc, .out, .chan, .pin, .text, .fwd8, .back8, .u8: 1
    case .i16, .fwd16, .back16, .function: 2
    case .i32: 4
    }
  }

  public var isJump: Bool {
    switch self {
    case .fwd8, .fwd16, .back8, .back16: true
    default: false
    }
  }
}

/// One row of the opcode table.
public struct OpcodeInfo: Sendable {
  public let opcode: Opcode
  public let name: String
  public let operands: [OperandKind]
  /// Values popped; nil for CALL, where the callee decides.
  public let pops: Int?
  /// Values pushed; nil for CALL, where the callee decides.
  public let pushes: Int?
  /// Values popped when the branch is taken; nil when there is no branch.
  public let taken: Int?
  public let yields: Bool
  public let sleeps: Bool
  /// The instruction never falls through to the next one.
  public let ends: Bool
  /// Bytes of the whole instruction.
  public let length: Int

  init(
    opcode: Opcode, name: String, operands: [OperandKind], pops: Int?, pushes: Int?,
    taken: Int?, flags: String
  ) {
    self.opcode = opcode
    self.name = name
    self.operands = operands
    self.pops = pops
    self.pushes = pushes
    self.taken = taken
    self.yields = flags.contains("y")
    self.sleeps = flags.contains("s")
    self.ends = flags.contains("e")
    self.length = 1 + operands.reduce(0) { $0 + $1.size }
  }
}

extension Opcode {
  private static let infoByCode: [OpcodeInfo?] = {
    var table = [OpcodeInfo?](repeating: nil, count: 256)
    for info in infos { table[Int(info.opcode.rawValue)] = info }
    return table
  }()

  /// The table row of this opcode.
  public var info: OpcodeInfo { Self.infoByCode[Int(rawValue)]! }

  /// The table row of a byte, or nil when no opcode has that code.
  public static func info(forByte byte: UInt8) -> OpcodeInfo? { infoByCode[Int(byte)] }
}
