/// Reads JSON text (RFC 8259) into a `JSONDocument`.
///
/// The parser is a loop over an explicit stack of open arrays and objects,
/// not a recursive descent: Blockly nests every `next` two objects deep, so
/// a long stack is thousands of levels, and only the heap may grow with it.
/// It keeps numbers as spelled and knows the line and column of each value.
struct JSONParser {
  let bytes: [UInt8]
  /// The offset of the next byte to read.
  var offset = 0
  var line = 1
  /// The offset where the current line starts.
  var lineStart = 0
  /// UTF-8 continuation bytes read on the current line, which take no
  /// column of their own.
  var continuationBytes = 0
  var nodes: [JSONDocument.Node] = []
  /// The arrays and objects not yet closed, innermost last.
  var open: [Int] = []

  /// What the loop reads next.
  enum Step {
    case value, firstElement, firstMember, member, afterValue
  }

  /// Parses a whole file, which must hold exactly one JSON value. The bytes
  /// must already be known to be UTF-8.
  static func parse(_ bytes: [UInt8]) throws(MalformedProgram) -> JSONDocument {
    var parser = JSONParser(bytes: bytes)
    return try parser.parseDocument()
  }

  private mutating func parseDocument() throws(MalformedProgram) -> JSONDocument {
    var step = Step.value
    while true {
      skipWhitespace()
      switch step {
      case .value:
        step = try readValue()
      case .firstElement:
        step = closeIfAt(UInt8(ascii: "]")) ? .afterValue : .value
      case .firstMember:
        step = closeIfAt(UInt8(ascii: "}")) ? .afterValue : .member
      case .member:
        try readKey()
        step = .value
      case .afterValue:
        guard let container = open.last else {
          if offset < bytes.count { throw syntaxError(expected: "the end of the file") }
          return JSONDocument(nodes: nodes)
        }
        step = try readSeparator(in: container)
      }
    }
  }

  // MARK: - Structure

  /// Reads one value; a container is only opened here, its members are
  /// read by later steps of the loop.
  private mutating func readValue() throws(MalformedProgram) -> Step {
    guard offset < bytes.count else { throw syntaxError(expected: "a value") }
    switch bytes[offset] {
    case UInt8(ascii: "{"):
      openContainer(.object)
      return .firstMember
    case UInt8(ascii: "["):
      openContainer(.array)
      return .firstElement
    case UInt8(ascii: "\""):
      var node = newNode(.string)
      node.text = try readString()
      attach(node)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      var node = newNode(.number)
      node.text = try readNumber()
      attach(node)
    default:
      attach(try readLiteral())
    }
    return .afterValue
  }

  private mutating func openContainer(_ kind: JSONDocument.Kind) {
    attach(newNode(kind))
    open.append(nodes.count - 1)
    advance()
  }

  /// Closes the innermost container if the next byte is `closer`.
  private mutating func closeIfAt(_ closer: UInt8) -> Bool {
    guard offset < bytes.count, bytes[offset] == closer else { return false }
    advance()
    open.removeLast()
    return true
  }

  /// Reads a member's key and its colon.
  private mutating func readKey() throws(MalformedProgram) {
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
      let isFirst = nodes[open[open.count - 1]].keys.isEmpty
      let wanted = "a key in double quotes"
      throw syntaxError(expected: isFirst ? wanted + " or '}'" : wanted)
    }
    let key = try readString()
    nodes[open[open.count - 1]].keys.append(key)
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
      throw syntaxError(expected: "':' after the key")
    }
    advance()
  }

  /// Reads the `,` between members or the bracket that closes `container`.
  private mutating func readSeparator(in container: Int) throws(MalformedProgram) -> Step {
    let isArray = nodes[container].kind == .array
    let closer = UInt8(ascii: isArray ? "]" : "}")
    guard offset < bytes.count else { throw separatorError(isArray: isArray) }
    if bytes[offset] == UInt8(ascii: ",") {
      advance()
      return isArray ? .value : .member
    }
    if closeIfAt(closer) { return .afterValue }
    throw separatorError(isArray: isArray)
  }

  private func separatorError(isArray: Bool) -> MalformedProgram {
    syntaxError(expected: isArray ? "',' or ']'" : "',' or '}'")
  }

  /// A node of `kind` starting at the current byte.
  func newNode(_ kind: JSONDocument.Kind) -> JSONDocument.Node {
    JSONDocument.Node(kind: kind, line: line, column: column)
  }

  /// Stores a finished node and adds it to the innermost open container.
  private mutating func attach(_ node: JSONDocument.Node) {
    nodes.append(node)
    if let container = open.last {
      nodes[container].children.append(nodes.count - 1)
    }
  }

  // MARK: - Position

  /// The 1-based column of the next byte.
  var column: Int { offset - lineStart - continuationBytes + 1 }

  /// Moves past one ASCII byte that is not a line break.
  mutating func advance() {
    offset += 1
  }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0D:
        offset += 1
      case 0x0A:
        offset += 1
        line += 1
        lineStart = offset
        continuationBytes = 0
      default:
        return
      }
    }
  }

  /// A syntax error at the next byte; `word` describes what was found as
  /// a whole word when it starts with a letter, else as one character.
  func syntaxError(expected: String, word: Bool = true) -> MalformedProgram {
    let found = foundDescription(word: word)
    return MalformedProgram(.json(expected: expected, found: found), line: line, column: column)
  }
}
