import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

// MARK: - Checks before parsing, and the parser's errors in words

extension XMLWorkspaceBuilder {
  /// Refuses what the parser should never see: a DOCTYPE or entity
  /// declaration, and (unless another encoding is declared) bytes that are
  /// not UTF-8.
  static func checkPrologue(_ bytes: [UInt8]) throws(MalformedProgram) {
    // Entity declarations are how "billion laughs" files blow up memory,
    // and Blockly never writes one, so any DOCTYPE is refused outright.
    if let offset = doctypeOffset(in: bytes) {
      let (line, column) = SourceText.position(of: offset, in: bytes)
      throw MalformedProgram(
        .xml("DOCTYPE and ENTITY declarations are not accepted"), line: line, column: column)
    }
    let encoding = declaredEncoding(bytes)?.lowercased()
    if encoding == nil || encoding == "utf-8" || encoding == "utf8" {
      if let error = SourceText.encodingError(in: bytes) { throw error }
    }
  }

  /// The offset of the first `<!DOCTYPE` or `<!ENTITY`, in any case.
  static func doctypeOffset(in bytes: [UInt8]) -> Int? {
    var offset = 0
    while let open = bytes[offset...].firstIndex(of: UInt8(ascii: "<")) {
      if startsWithUppercased(bytes, at: open + 1, "!DOCTYPE")
        || startsWithUppercased(bytes, at: open + 1, "!ENTITY")
      {
        return open
      }
      offset = open + 1
    }
    return nil
  }

  private static func startsWithUppercased(_ bytes: [UInt8], at offset: Int, _ word: String)
    -> Bool
  {
    let letters = Array(word.utf8)
    guard offset + letters.count <= bytes.count else { return false }
    for (index, letter) in letters.enumerated() {
      let byte = bytes[offset + index]
      let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
      if upper != letter { return false }
    }
    return true
  }

  /// The `encoding` of the XML declaration (`<?xml … encoding="…"?>`).
  static func declaredEncoding(_ bytes: [UInt8]) -> String? {
    guard bytes.starts(with: "<?xml".utf8),
      let end = bytes.prefix(512).firstIndex(of: UInt8(ascii: ">"))
    else { return nil }
    let declaration = String(decoding: bytes[..<end], as: UTF8.self)
    guard let key = declaration.range(of: "encoding") else { return nil }
    let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
    return String(rest.dropFirst().prefix { $0 != quote })
  }

  // MARK: - Parser errors

  /// A parser error in words, where the parser stopped.
  static func xmlError(code: Int, parser: XMLParser) -> MalformedProgram {
    error(.xml(message(forCode: code)), at: parser)
  }

  /// Words for the error codes of libxml2, which `XMLParser` passes on
  /// unchanged on Linux.
  static func message(forCode code: Int) -> String {
    switch code {
    case 2: "out of memory"
    case 3: "no '<' where the document should start"
    case 4: "the document is empty"
    case 5: "the document ends too early, or has content after its root element"
    case 6, 7, 8: "an invalid character reference"
    case 9: "a character that XML does not allow"
    case 10...21: "an entity or character reference in the wrong place"
    case 22: "'&' with no entity name after it (write '&amp;' for '&')"
    case 23: "an entity reference without its ';'"
    case 26, 27: "an unknown entity (write '&amp;' for '&')"
    case 31, 32: "an unknown or unsupported encoding"
    case 38: "'<' inside an attribute value"
    case 39: "an attribute value that does not start with a quote"
    case 40: "an attribute value without its closing quote"
    case 41: "an attribute without a value"
    case 42: "the same attribute twice in one tag"
    case 45: "a comment that is not closed"
    case 46, 47: "a processing instruction that is not closed"
    case 56, 57: "an XML declaration that is not finished"
    case 63: "a CDATA section that is not closed"
    case 64: "a name reserved by XML"
    case 65: "a missing space"
    case 68: "a missing name after '<'"
    case 73: "a missing '>'"
    case 74: "a missing '</'"
    case 75: "a missing '=' after an attribute name"
    case 76: "a closing tag that does not match its opening tag"
    case 77: "a tag that is not finished"
    case 80: "'--' inside a comment"
    case 81: "bytes that do not match the declared encoding"
    case 201: "an undeclared namespace prefix"
    default: "XML error \(code)"
    }
  }
}
