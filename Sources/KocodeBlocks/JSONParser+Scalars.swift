// MARK: - Strings, numbers and literals

extension JSONParser {
  /// Reads a string starting at its opening quote and returns its text with
  /// every escape decoded.
  mutating func readString() throws(MalformedProgram) -> String {
    advance()
    var decoded: [UInt8] = []
    var runStart = offset
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        let text = finishString(decoded, run: bytes[runStart..<offset])
        advance()
        return text
      }
      if byte == UInt8(ascii: "\\") {
        decoded.append(contentsOf: bytes[runStart..<offset])
        try readEscape(into: &decoded)
        runStart = offset
      } else if byte < 0x20 {
        throw syntaxError(expected: "'\"' to end the string")
      } else {
        // The file is valid UTF-8, so only the column needs care here.
        if byte & 0xC0 == 0x80 { continuationBytes += 1 }
        offset += 1
      }
    }
    throw syntaxError(expected: "'\"' to end the string")
  }

  /// The text of a string: the plain run alone when there was no escape,
  /// which spares a copy for nearly every string.
  private func finishString(_ decoded: [UInt8], run: ArraySlice<UInt8>) -> String {
    if decoded.isEmpty { return String(decoding: run, as: UTF8.self) }
    return String(decoding: decoded + run, as: UTF8.self)
  }

  /// Reads one escape sequence, starting at its backslash.
  private mutating func readEscape(into decoded: inout [UInt8]) throws(MalformedProgram) {
    advance()
    guard offset < bytes.count else {
      throw syntaxError(expected: "an escape such as \\n or \\u00e9", word: false)
    }
    let simple: UInt8? =
      switch bytes[offset] {
      case UInt8(ascii: "\""): UInt8(ascii: "\"")
      case UInt8(ascii: "\\"): UInt8(ascii: "\\")
      case UInt8(ascii: "/"): UInt8(ascii: "/")
      case UInt8(ascii: "b"): 0x08
      case UInt8(ascii: "f"): 0x0C
      case UInt8(ascii: "n"): 0x0A
      case UInt8(ascii: "r"): 0x0D
      case UInt8(ascii: "t"): 0x09
      default: nil
      }
    if let simple {
      decoded.append(simple)
      advance()
      return
    }
    guard bytes[offset] == UInt8(ascii: "u") else {
      throw syntaxError(expected: "an escape such as \\n or \\u00e9", word: false)
    }
    advance()
    let scalar = try readUnicodeEscape()
    UTF8.encode(scalar) { decoded.append($0) }
  }

  /// Reads the hex digits of a `\u` escape, and a second escape when the
  /// first is a high surrogate: JSON spells characters beyond U+FFFF as a
  /// UTF-16 surrogate pair.
  private mutating func readUnicodeEscape() throws(MalformedProgram) -> Unicode.Scalar {
    let first = try readHexQuad()
    if let scalar = Unicode.Scalar(first) { return scalar }
    guard (0xD800...0xDBFF).contains(first) else {
      throw syntaxError(expected: "a high surrogate (\\uD800 to \\uDBFF) before this one")
    }
    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
      bytes[offset + 1] == UInt8(ascii: "u")
    else {
      throw syntaxError(expected: "a low surrogate (\\uDC00 to \\uDFFF)")
    }
    offset += 2
    let second = try readHexQuad()
    guard (0xDC00...0xDFFF).contains(second) else {
      throw syntaxError(expected: "a low surrogate (\\uDC00 to \\uDFFF)")
    }
    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    // Cannot fail: a surrogate pair always encodes U+10000...U+10FFFF.
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  private mutating func readHexQuad() throws(MalformedProgram) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard offset < bytes.count, let digit = hexValue(bytes[offset]) else {
        throw syntaxError(expected: "four hex digits after \\u", word: false)
      }
      value = value << 4 | digit
      advance()
    }
    return value
  }

  private func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Reads a number and returns it as spelled: whether `5.0` or `1e3` is
  /// an integer is for the checker to decide, not the parser.
  mutating func readNumber() throws(MalformedProgram) -> String {
    let start = offset
    if bytes[offset] == UInt8(ascii: "-") { advance() }
    guard isDigit(at: offset) else { throw syntaxError(expected: "a digit") }
    // A leading zero stands alone: `01` is a zero followed by junk.
    if bytes[offset] == UInt8(ascii: "0") { advance() } else { skipDigits() }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      advance()
      guard isDigit(at: offset) else { throw syntaxError(expected: "a digit after '.'") }
      skipDigits()
    }
    if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
      advance()
      if offset < bytes.count,
        bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")
      {
        advance()
      }
      guard isDigit(at: offset) else { throw syntaxError(expected: "a digit in the exponent") }
      skipDigits()
    }
    return String(decoding: bytes[start..<offset], as: UTF8.self)
  }

  private func isDigit(at index: Int) -> Bool {
    index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
  }

  private mutating func skipDigits() {
    while isDigit(at: offset) { advance() }
  }

  /// Reads `true`, `false` or `null`.
  mutating func readLiteral() throws(MalformedProgram) -> JSONDocument.Node {
    for (word, kind) in [("true", JSONDocument.Kind.bool), ("false", .bool), ("null", .null)]
    where bytes[offset...].starts(with: word.utf8) {
      var node = newNode(kind)
      node.text = word
      offset += word.utf8.count
      return node
    }
    throw syntaxError(expected: "a value")
  }

  // MARK: - What was found

  /// Words for what stands at the next byte, for error messages: a whole
  /// word (`'undefined'`) when `word` is set and it starts with a letter.
  func foundDescription(word: Bool) -> String {
    guard offset < bytes.count else { return "the end of the file" }
    let byte = bytes[offset]
    switch byte {
    case 0x0A, 0x0D: return "a line break"
    case 0x09: return "a tab"
    case ..<0x20, 0x7F: return "a control character (U+\(hex4(UInt32(byte))))"
    case _ where word && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20):
      return "'\(wordAtOffset())'"
    default: return "'\(characterAtOffset())'"
    }
  }

  /// The letters and digits from the next byte on, at most 20.
  private func wordAtOffset() -> String {
    var end = offset
    while end < bytes.count, end - offset < 20, isLetterOrDigit(bytes[end]) { end += 1 }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  private func isLetterOrDigit(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }

  /// The whole (possibly multi-byte) character at the next byte.
  private func characterAtOffset() -> String {
    var end = offset + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
