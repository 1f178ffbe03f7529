import CKocodeVM
import KocodeBoard
import KocodeBytecode

/// The C VM's view of a board and of an image header, made from the Swift
/// definitions: what the firmware build will generate from `board.json`.
public enum CBoard {
  /// The `kc_board` of a board definition. Counts the C types cannot hold
  /// are clamped where that changes no check: an image header keeps its
  /// counts in a byte, a slot holds at most 14 + 65,535 bytes.
  public static func make(_ board: BoardDefinition) -> kc_board {
    var description = kc_board()
    description.id = UInt16(clamping: board.id)
    description.max_program_bytes = UInt32(clamping: board.limits.programBytes)
    description.stack_slots = UInt16(clamping: board.limits.stackSlots)
    description.max_scripts = UInt8(clamping: board.limits.scripts)
    description.max_globals = UInt8(clamping: board.limits.globals)
    description.max_texts = UInt8(clamping: board.limits.texts)
    description.output_count = UInt8(clamping: board.outputs.count)
    description.pump = board.outputIndex(named: "pump").map { UInt8(clamping: $0) } ?? 0xFF
    description.pump_max_on_ms = Int32(clamping: board.safety.pumpMaxOnMs)
    description.analog_count = UInt8(clamping: board.analogInputs.count)
    let pwm = board.outputs.indices.filter { board.outputs[$0].pwm == true }
    withUnsafeMutableBytes(of: &description.pwm_outputs) { set(pwm, in: $0) }
    let channels = board.analogInputs.compactMap { Int($0.dropFirst()) }
    withUnsafeMutableBytes(of: &description.analog_channels) { set(channels, in: $0) }
    let pins = board.digitalInputs.compactMap { Int($0.dropFirst()) }
    withUnsafeMutableBytes(of: &description.digital_pins) { set(pins, in: $0) }
    return description
  }

  /// Sets bit `n` of the mask for every number that fits it.
  private static func set(_ numbers: [Int], in mask: UnsafeMutableRawBufferPointer) {
    for number in numbers where number >= 0 && number / 8 < mask.count {
      mask[number / 8] |= UInt8(1 << (number % 8))
    }
  }

  /// The 14 header bytes of an image as the board stores them. A code
  /// larger than 16 bits can describe gets the largest size, which the C
  /// VM refuses to lay out, as the reference VM does.
  public static func header(of image: Image) -> [UInt8] {
    var header = Array(image.boardBytes.prefix(VMConstant.headerSize))
    if image.code.count > Int(UInt16.max) {
      header[4] = 0xFF
      header[5] = 0xFF
    }
    return header
  }
}
