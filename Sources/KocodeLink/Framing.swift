/// The link's framing (`docs/protocol.md`): a frame is a type, a sequence
/// number, a payload and a CRC-16/CCITT-FALSE of the three (little
/// endian), COBS-encoded so that it holds no zero, then a 0x00 delimiter.
public enum CRC16 {
  /// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
  /// reflection; "123456789" gives 0x29B1.
  public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
    var crc: UInt16 = 0xFFFF
    for byte in bytes {
      crc ^= UInt16(byte) << 8
      for _ in 0..<8 {
        crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
      }
    }
    return crc
  }
}

/// Consistent Overhead Byte Stuffing: no zero in the encoded bytes.
public enum COBS {
  public static func encode(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0]
    var codeAt = 0
    for byte in bytes {
      if byte == 0 {
        out[codeAt] = UInt8(out.count - codeAt)
        codeAt = out.count
        out.append(0)
      } else {
        out.append(byte)
        if out.count - codeAt == 0xFF {
          out[codeAt] = 0xFF
          codeAt = out.count
          out.append(0)
        }
      }
    }
    out[codeAt] = UInt8(out.count - codeAt)
    return out
  }

  /// The bytes, or nil when they are not a valid encoding.
  public static func decode(_ bytes: some Collection<UInt8>) -> [UInt8]? {
    var out: [UInt8] = []
    var left = 0
    var zero = false
    for byte in bytes {
      if byte == 0 { return nil }
      if left == 0 {
        if zero { out.append(0) }
        left = Int(byte) - 1
        zero = byte != 0xFF
      } else {
        out.append(byte)
        left -= 1
      }
    }
    return left == 0 ? out : nil
  }
}

/// One frame, decoded.
public struct Frame: Sendable, Equatable {
  public enum Kind: UInt8, Sendable {
    case hello = 0x01
    case begin = 0x02
    case chunk = 0x03
    case commit = 0x04
    case run = 0x05
    case stop = 0x06
    case erase = 0x07
    case name = 0x08
    case identify = 0x09
    case calibrate = 0x0A
    case sense = 0x0B
    case ack = 0x80
    case nak = 0x81
    case event = 0x90
  }

  public var type: UInt8
  public var seq: UInt8
  public var payload: [UInt8]

  public init(type: UInt8, seq: UInt8, payload: [UInt8] = []) {
    self.type = type
    self.seq = seq
    self.payload = payload
  }

  public init(_ kind: Kind, seq: UInt8, payload: [UInt8] = []) {
    self.init(type: kind.rawValue, seq: seq, payload: payload)
  }

  public var kind: Kind? { Kind(rawValue: type) }

  /// The frame on the wire, delimiter included.
  public var wire: [UInt8] {
    var plain = [type, seq] + payload
    let crc = CRC16.checksum(plain)
    plain += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    return COBS.encode(plain) + [0]
  }

  /// The frame in the bytes between two delimiters, or nil when they are
  /// not one (bad encoding, too short, bad CRC).
  public static func parse(_ encoded: some Collection<UInt8>) -> Frame? {
    guard let plain = COBS.decode(encoded), plain.count >= 4 else { return nil }
    let body = plain.dropLast(2)
    let crc = UInt16(plain[plain.count - 2]) | UInt16(plain[plain.count - 1]) << 8
    guard CRC16.checksum(body) == crc else { return nil }
    return Frame(type: plain[0], seq: plain[1], payload: Array(plain[2..<plain.count - 2]))
  }
}

/// Cuts a byte stream into frames at each 0x00. What cannot be read as a
/// frame (noise, a banner, a frame cut by a reset) is counted and skipped.
public struct FrameDecoder: Sendable {
  /// Longer than any frame either side sends: the rest of it is noise.
  public static let maxEncodedBytes = 300

  private var pending: [UInt8] = []
  private var overlong = false
  public private(set) var broken = 0

  public init() {}

  public mutating func feed(_ bytes: [UInt8]) -> [Frame] {
    var frames: [Frame] = []
    for byte in bytes {
      if byte != 0 {
        if pending.count < Self.maxEncodedBytes { pending.append(byte) } else { overlong = true }
        continue
      }
      if !pending.isEmpty {
        if !overlong, let frame = Frame.parse(pending) { frames.append(frame) } else { broken += 1 }
      }
      pending.removeAll(keepingCapacity: true)
      overlong = false
    }
    return frames
  }
}

/// Little-endian numbers in payloads.
enum Bytes {
  static func put(_ value: UInt32, _ count: Int, into bytes: inout [UInt8]) {
    for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
  }

  static func get(_ bytes: [UInt8], _ at: Int, _ count: Int) -> UInt32 {
    guard at >= 0, at + count <= bytes.count else { return 0 }
    return (0..<count).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
  }
}
