import KocodeSupport

/// A JSON value for the editor's files, written indented with keys in the
/// order given, so that the output is the same byte for byte on every run
/// and a diff of it reads well.
enum BlocklyJSON: Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([BlocklyJSON])
  case object([(String, BlocklyJSON)])

  static func == (left: BlocklyJSON, right: BlocklyJSON) -> Bool {
    left.text() == right.text()
  }

  /// The value as text, two spaces an indentation level. An array of plain
  /// values (a dropdown option) stays on one line.
  func text(indent: String = "") -> String {
    let inner = indent + "  "
    switch self {
    case .string(let value): return JSONText.string(value)
    case .int(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let items) where items.isEmpty: return "[]"
    case .array(let items) where items.allSatisfy(\.isPlain):
      return "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
    case .array(let items):
      let lines = items.map { inner + $0.text(indent: inner) }
      return "[\n" + lines.joined(separator: ",\n") + "\n" + indent + "]"
    case .object(let pairs) where pairs.isEmpty: return "{}"
    case .object(let pairs):
      let lines = pairs.map { inner + JSONText.string($0.0) + ": " + $0.1.text(indent: inner) }
      return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
    }
  }

  private var isPlain: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }
}
