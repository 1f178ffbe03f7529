/// Writes compact JSON text by hand, so that output is byte-for-byte stable
/// (key order as given, no escaped slashes) and cheap enough for traces.
public enum JSONText {
  /// A JSON string literal, quotes included.
  public static func string(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let c where c.value < 0x20:
        let hex = String(c.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A JSON value written in place.
  public enum Value: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case raw(String)

    public var text: String {
      switch self {
      case .string(let s): JSONText.string(s)
      case .int(let i): String(i)
      case .bool(let b): b ? "true" : "false"
      case .null: "null"
      case .raw(let r): r
      }
    }
  }

  /// A compact object with keys in the order given.
  public static func object(_ pairs: [(String, Value)]) -> String {
    "{" + pairs.map { string($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
  }
}
