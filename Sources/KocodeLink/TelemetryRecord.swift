/// One telemetry record (`docs/protocol.md`, "Telemetry"): a VM trace
/// event or a firmware record, the payload of an EVENT frame:
///
///     kind index code value:i32 pc:u16 time_ms:u32
///
/// little endian, 13 bytes.
public struct TelemetryRecord: Sendable, Equatable, CustomStringConvertible {
  public static let size = 13

  /// The kinds: the VM's trace events (1–10, `kc_event_kind`), then the
  /// firmware's own records.
  public enum Kind: UInt8, Sendable {
    case start = 1
    case output = 2
    case logNumber = 3
    case logBool = 4
    case printText = 5
    case printNumber = 6
    case printBool = 7
    case safety = 8
    case error = 9
    case end = 10
    /// index: MCUSR at reset; code: firmware version; value: board id.
    case boot = 0x80
    /// index: slot (0xFF none); code: verifier result (0 accepted, 0xFF
    /// no valid slot); value: generation; pc: offset of the problem.
    case slot = 0x81
    /// index: slot; value: the firmware clock in µs at board time 0;
    /// pc: the image's length.
    case run = 0x82
    /// value: records dropped because the transmit buffer was full.
    case lost = 0x83
    /// index: script; code: its task flags; pc: where it is. Sent at most
    /// every 100 ms, only for scripts that moved, dropped when the link is
    /// busy: what `kocode watch` highlights.
    case running = 0x84
    /// index: soil moisture %; code: light %; value: temperature °C;
    /// pc: bit 0 tank empty, bit 1 button pressed. Sent like `running`,
    /// when a reading changed.
    case sensors = 0x85
  }

  public var kind: UInt8
  public var index: UInt8
  public var code: UInt8
  public var value: Int32
  public var pc: UInt16
  public var timeMS: UInt32

  public init(
    kind: UInt8, index: UInt8 = 0, code: UInt8 = 0, value: Int32 = 0, pc: UInt16 = 0,
    timeMS: UInt32 = 0
  ) {
    self.kind = kind
    self.index = index
    self.code = code
    self.value = value
    self.pc = pc
    self.timeMS = timeMS
  }

  public var knownKind: Kind? { Kind(rawValue: kind) }

  /// The record as an EVENT frame's payload.
  public var payload: [UInt8] {
    var body: [UInt8] = [kind, index, code]
    Bytes.put(UInt32(bitPattern: value), 4, into: &body)
    Bytes.put(UInt32(pc), 2, into: &body)
    Bytes.put(timeMS, 4, into: &body)
    return body
  }

  /// The record as the board sends it: an EVENT frame with delimiter.
  public func wire(seq: UInt8) -> [UInt8] { Frame(.event, seq: seq, payload: payload).wire }

  /// The record an EVENT frame carries, or nil for another frame.
  public init?(_ frame: Frame) {
    guard frame.kind == .event, frame.payload.count >= Self.size else { return nil }
    let body = frame.payload
    self.init(
      kind: body[0], index: body[1], code: body[2],
      value: Int32(bitPattern: Bytes.get(body, 3, 4)), pc: UInt16(Bytes.get(body, 7, 2)),
      timeMS: Bytes.get(body, 9, 4))
  }

  /// Every record in a byte stream, in order. Bytes that are not a good
  /// frame (a banner, a stream joined in the middle) cost at most the
  /// frames they overlap.
  public static func decode(_ stream: [UInt8]) -> [TelemetryRecord] {
    var decoder = FrameDecoder()
    return decoder.feed(stream).compactMap { TelemetryRecord($0) }
  }

  public var description: String {
    let name = knownKind.map { "\($0)" } ?? "kind \(kind)"
    return "\(name) index \(index) code \(code) value \(value) pc \(pc) at \(timeMS) ms"
  }
}
