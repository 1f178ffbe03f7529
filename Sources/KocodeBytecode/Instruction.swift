/// One decoded instruction: its opcode and operand values, where it sits in
/// the code and where it jumps. `docs/bytecode.md` section 2.3 gives the
/// encoding.
public struct Instruction: Sendable {
  /// Code offset of the opcode byte.
  public let offset: Int
  public let opcode: Opcode
  /// The table row of the opcode.
  public let info: OpcodeInfo
  /// One value per operand, in table order: signed for `i8`, `i16` and
  /// `i32`, unsigned for every other kind (jump distances included).
  public let operands: [Int]

  /// Bytes of the whole instruction, opcode included.
  public var length: Int { info.length }

  /// Offset just past the instruction, where jumps count from.
  public var end: Int { offset + length }

  /// The absolute target of a jump operand, or nil when the instruction does
  /// not jump. A corrupt backward distance may give a negative offset.
  public var jumpTarget: Int? {
    guard let index = jumpOperandIndex else { return nil }
    return jumpsBackward ? end - operands[index] : end + operands[index]
  }

  /// True when the jump operand counts backward (`back8`, `back16`).
  public var jumpsBackward: Bool {
    guard let index = jumpOperandIndex else { return false }
    return info.operands[index] == .back8 || info.operands[index] == .back16
  }

  private var jumpOperandIndex: Int? { info.operands.firstIndex { $0.isJump } }

  /// Decodes the instruction at `offset`; nil when the byte there is no
  /// opcode, or its operands run past the end of the code.
  public static func decode(_ code: [UInt8], at offset: Int) -> Instruction? {
    guard offset >= 0, offset < code.count,
      let info = Opcode.info(forByte: code[offset]),
      code.count - offset >= info.length
    else { return nil }

    var operands: [Int] = []
    operands.reserveCapacity(info.operands.count)
    var position = offset + 1
    for kind in info.operands {
      operands.append(value(of: kind, in: code, at: position))
      position += kind.size
    }
    return Instruction(offset: offset, opcode: info.opcode, info: info, operands: operands)
  }

  /// Reads one little-endian operand; the caller has checked its bytes exist.
  private static func value(of kind: OperandKind, in code: [UInt8], at position: Int) -> Int {
    var raw: UInt32 = 0
    for index in 0..<kind.size {
      raw |= UInt32(code[position + index]) << UInt32(8 * index)
    }
    switch kind {
    case .i8: return Int(Int8(truncatingIfNeeded: raw))
    case .i16: return Int(Int16(truncatingIfNeeded: raw))
    case .i32: return Int(Int32(bitPattern: raw))
    default: return Int(raw)
    }
  }
}
