/// Byte-level facts about an input file that both readers need: the byte
/// order mark, blank text, UTF-8 validity and line/column positions.
enum SourceText {
  /// The bytes without a leading UTF-8 byte order mark.
  static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF else {
      return bytes
    }
    return Array(bytes[3...])
  }

  /// True for the four white-space bytes of JSON and XML.
  static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// The offset of the first byte that is not white space, if any.
  static func firstNonBlank(_ bytes: [UInt8]) -> Int? {
    bytes.firstIndex { !isBlank($0) }
  }

  /// The error for a file with nothing but white space, placed at its end.
  static func emptyFile(_ bytes: [UInt8]) -> MalformedProgram {
    let (line, column) = position(of: bytes.count, in: bytes)
    return MalformedProgram(.empty, line: line, column: column)
  }

  /// The 1-based line and column of a byte offset. Columns count Unicode
  /// scalars, not bytes, so that they match what an editor shows.
  static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }

  /// The `.encoding` error at the first byte that is not UTF-8, or nil
  /// when the whole file is valid UTF-8.
  static func encodingError(in bytes: [UInt8]) -> MalformedProgram? {
    guard let offset = firstInvalidUTF8(bytes) else { return nil }
    let (line, column) = position(of: offset, in: bytes)
    return MalformedProgram(.encoding, line: line, column: column)
  }

  /// The offset of the first byte that does not belong to a well-formed
  /// UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most
  /// U+10FFFF).
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset < bytes.count {
      let lead = bytes[offset]
      if lead < 0x80 {
        offset += 1
        continue
      }
      guard let length = sequenceLength(bytes, at: offset) else { return offset }
      offset += length
    }
    return nil
  }

  /// The length of the valid multi-byte sequence at `offset`, or nil.
  private static func sequenceLength(_ bytes: [UInt8], at offset: Int) -> Int? {
    let lead = bytes[offset]
    // The second byte's range depends on the lead byte: this is what rules
    // out overlong forms, surrogates and values above U+10FFFF.
    let length: Int
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; secondRange = 0xA0...0xBF
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; secondRange = 0x80...0x9F
    case 0xF0: length = 4; secondRange = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; secondRange = 0x80...0x8F
    default: return nil
    }
    guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else {
      return nil
    }
    for index in (offset + 2)..<(offset + length) where bytes[index] & 0xC0 != 0x80 {
      return nil
    }
    return length
  }
}
