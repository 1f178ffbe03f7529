// MARK: - Indented text

extension WorkspaceWriter {
  /// Compact JSON laid out over lines, two spaces a level, as
  /// `JSON.stringify(state, null, 2)` writes it; strings are untouched.
  static func indented(json: String) -> String {
    var out = ""
    var depth = 0
    var inString = false
    var escaped = false
    var previous: Character = " "
    for character in json {
      if inString {
        out.append(character)
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        previous = character
        continue
      }
      switch character {
      case "\"":
        inString = true
        out.append(character)
      case "{", "[":
        depth += 1
        out.append(character)
        out += newline(depth)
      case "}", "]":
        depth -= 1
        // An empty object or array stays on one line.
        if previous == "{" || previous == "[" {
          out.removeLast(1 + 2 * (depth + 1))
        } else {
          out += newline(depth)
        }
        out.append(character)
      case ",":
        out.append(character)
        out += newline(depth)
      case ":":
        out += ": "
      default:
        out.append(character)
      }
      previous = character
    }
    return out
  }

  /// Compact XML laid out one element a line, as Blockly's
  /// `domToPrettyText` does: white space goes only between two tags, never
  /// into an element that holds text or nothing at all.
  static func indented(xml: String) -> String {
    var out = ""
    var depth = 0
    var previousWasTag = false
    var previousOpened = false
    var rest = xml[...]
    while let open = rest.firstIndex(of: "<") {
      let text = rest[..<open]
      if !text.isEmpty {
        out += text
        previousWasTag = false
      }
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      let tag = rest[open...close]
      let isClosing = tag.hasPrefix("</")
      let opens = !isClosing && !tag.hasSuffix("/>") && !tag.hasPrefix("<?")
      if isClosing { depth -= 1 }
      if previousWasTag && !(previousOpened && isClosing) { out += "\n" + indent(depth) }
      out += tag
      if opens { depth += 1 }
      previousWasTag = true
      previousOpened = opens
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }

  private static func newline(_ depth: Int) -> String { "\n" + indent(depth) }

  private static func indent(_ depth: Int) -> String {
    String(repeating: "  ", count: max(0, depth))
  }
}
