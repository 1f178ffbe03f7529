/// Why bytes are not a Kocode image. The CLI turns each case into words.
public enum ImageError: Error, Sendable, Equatable {
  /// Shorter than a header, or not starting with "KC".
  case notAnImage
  case unsupportedVersion(Int)
  /// The header's code size does not match the bytes that follow.
  case truncated
  case badChecksum(expected: UInt32, actual: UInt32)
  /// The host section is missing or damaged.
  case badHostSection
  /// The verifier refused the code: at which offset, and why.
  case rejected(offset: Int, reason: String)
  /// The image is for another board.
  case wrongBoard(expected: Int, actual: Int)
  /// Bigger than the board's program slot.
  case tooLarge(size: Int, limit: Int)
}

extension Image {
  /// Reads a `.kbc` file. Checks the layout and both CRCs; the verifier
  /// checks the code.
  public init(fileBytes bytes: [UInt8]) throws(ImageError) {
    var reader = ByteReader(bytes)
    guard bytes.count >= VMConstant.headerSize, bytes[0] == 0x4B, bytes[1] == 0x43 else {
      throw .notAnImage
    }
    guard Int(bytes[2]) == VMConstant.formatVersion else {
      throw .unsupportedVersion(Int(bytes[2]))
    }
    reader.position = 3
    let boardID = try reader.byte()
    let codeSize = Int(try reader.u16())
    let scripts = try reader.byte()
    let globals = try reader.byte()
    let functions = try reader.byte()
    let texts = Int(try reader.byte())
    let storedCRC = try reader.u32()
    guard let code = reader.take(codeSize) else { throw .truncated }
    // The CRC covers the header as written: its text count is not known from
    // `self` until the host section is read.
    let computed = CRC32.checksum(code, start: CRC32.checksum(bytes[0..<10]))
    guard computed == storedCRC else {
      throw .badChecksum(expected: storedCRC, actual: computed)
    }
    self.init(
      boardID: boardID, scriptCount: scripts, globalCount: globals, functionCount: functions,
      code: code, host: HostSection())
    host = try HostSection(reading: &reader)
    guard host.texts.count == texts else { throw .badHostSection }
  }
}

extension HostSection {
  init(reading reader: inout ByteReader) throws(ImageError) {
    let start = reader.position
    guard reader.take(3) == [0x4B, 0x44, 1] else { throw .badHostSection }
    texts = try reader.strings()
    blockIDs = try reader.strings()
    let entries = Int(try reader.u16())
    debugMap.reserveCapacity(entries)
    for _ in 0..<entries {
      debugMap.append(DebugEntry(offset: try reader.u16(), block: try reader.u16()))
    }
    globalNames = try reader.strings()
    functionNames = try reader.strings()
    let computed = CRC32.checksum(reader.bytes[start..<reader.position])
    guard try reader.u32() == computed, reader.position == reader.bytes.count else {
      throw .badHostSection
    }
  }
}

/// Little-endian reading that throws instead of reading past the end.
struct ByteReader {
  let bytes: [UInt8]
  var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func take(_ count: Int) -> [UInt8]? {
    guard count >= 0, bytes.count - position >= count else { return nil }
    defer { position += count }
    return Array(bytes[position..<position + count])
  }

  mutating func byte() throws(ImageError) -> UInt8 {
    guard position < bytes.count else { throw .badHostSection }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func u16() throws(ImageError) -> UInt16 {
    UInt16(try byte()) | UInt16(try byte()) << 8
  }

  mutating func u32() throws(ImageError) -> UInt32 {
    UInt32(try u16()) | UInt32(try u16()) << 16
  }

  mutating func strings() throws(ImageError) -> [String] {
    let count = Int(try u16())
    var result: [String] = []
    for _ in 0..<count {
      let length = Int(try u16())
      guard let utf8 = take(length) else { throw .badHostSection }
      result.append(String(decoding: utf8, as: UTF8.self))
    }
    return result
  }
}
