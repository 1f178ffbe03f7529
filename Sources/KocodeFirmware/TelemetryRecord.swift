/// One record of the firmware's interim telemetry (`docs/firmware.md`):
/// a VM trace event or a firmware record, 15 bytes on the wire:
///
///     0x7E kind index code value:i32 pc:u16 time_ms:u32 sum
///
/// little endian, `sum` the low byte of the sum of the 13 bytes between.
public struct TelemetryRecord: Sendable, Equatable, CustomStringConvertible {
  public static let start: UInt8 = 0x7E
  public static let size = 15

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

  /// The record as sent.
  public var bytes: [UInt8] {
    var body: [UInt8] = [kind, index, code]
    for shift in stride(from: 0, to: 32, by: 8) {
      body.append(UInt8(truncatingIfNeeded: value >> shift))
    }
    body += [UInt8(truncatingIfNeeded: pc), UInt8(truncatingIfNeeded: pc >> 8)]
    for shift in stride(from: 0, to: 32, by: 8) {
      body.append(UInt8(truncatingIfNeeded: timeMS >> shift))
    }
    let sum = body.reduce(UInt8(0)) { $0 &+ $1 }
    return [Self.start] + body + [sum]
  }

  /// Every record in a byte stream. Bytes that do not start a record with
  /// a good sum are skipped one at a time, so that a stream joined in the
  /// middle, or a banner, costs at most the records it overlaps.
  public static func decode(_ stream: [UInt8]) -> [TelemetryRecord] {
    var records: [TelemetryRecord] = []
    var at = 0
    while at + size <= stream.count {
      guard stream[at] == start, let record = record(at: at, in: stream) else {
        at += 1
        continue
      }
      records.append(record)
      at += size
    }
    return records
  }

  private static func record(at start: Int, in stream: [UInt8]) -> TelemetryRecord? {
    let body = Array(stream[start + 1..<start + size - 1])
    guard body.reduce(UInt8(0), { $0 &+ $1 }) == stream[start + size - 1] else { return nil }
    func number(_ offset: Int, _ count: Int) -> UInt32 {
      (0..<count).reduce(0) { $0 | UInt32(body[offset + $1]) << (8 * $1) }
    }
    return TelemetryRecord(
      kind: body[0], index: body[1], code: body[2], value: Int32(bitPattern: number(3, 4)),
      pc: UInt16(number(7, 2)), timeMS: number(9, 4))
  }

  public var description: String {
    let name = knownKind.map { "\($0)" } ?? "kind \(kind)"
    return "\(name) index \(index) code \(code) value \(value) pc \(pc) at \(timeMS) ms"
  }
}
