/// The colours of the block categories of `language.md` section 4, as the
/// Blockly editor paints a hue: HSV with saturation 0.45 and value 0.65,
/// each channel truncated to a whole number.
public enum BlockColour {
  public static let sensors = hex(hue: 190)
  public static let actions = hex(hue: 20)
  public static let data = hex(hue: 65)
  public static let events = hex(hue: 45)

  /// `#rrggbb` for a hue in degrees, with the editor's saturation and
  /// value unless told otherwise.
  public static func hex(hue: Double, saturation: Double = 0.45, value: Double = 0.65) -> String {
    let (red, green, blue) = rgb(hue: hue, saturation: saturation, value: value)
    return "#" + [red, green, blue].map(twoDigits).joined()
  }

  /// HSV to 0...255 channels.
  static func rgb(hue: Double, saturation: Double, value: Double) -> (Int, Int, Int) {
    let top = value * 255
    let chroma = top * saturation
    let sector =
      (hue.truncatingRemainder(dividingBy: 360) + 360)
      .truncatingRemainder(dividingBy: 360) / 60
    let middle = chroma * (1 - abs(sector.truncatingRemainder(dividingBy: 2) - 1))
    let low = top - chroma
    let (red, green, blue): (Double, Double, Double) =
      switch Int(sector) {
      case 0: (chroma, middle, 0)
      case 1: (middle, chroma, 0)
      case 2: (0, chroma, middle)
      case 3: (0, middle, chroma)
      case 4: (middle, 0, chroma)
      default: (chroma, 0, middle)
      }
    return (Int(red + low), Int(green + low), Int(blue + low))
  }

  static func twoDigits(_ channel: Int) -> String {
    let digits = String(min(max(channel, 0), 255), radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }
}

/// A small SVG writer: elements as text, every attribute value escaped.
struct SVGDocument {
  let width: Int
  let height: Int
  private(set) var elements: [String] = []

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// An element with attributes, and text inside when given.
  mutating func add(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
    let attributeText = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
    if let text {
      elements.append("<\(name)\(attributeText)>\(Self.escape(text))</\(name)>")
    } else {
      elements.append("<\(name)\(attributeText)/>")
    }
  }

  /// Opens and closes a group around whatever `body` adds.
  mutating func group(_ attributes: [(String, String)], _ body: (inout SVGDocument) -> Void) {
    let attributeText = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
    elements.append("<g\(attributeText)>")
    body(&self)
    elements.append("</g>")
  }

  /// The whole document, with a white background.
  func text(title: String) -> String {
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        + "viewBox=\"0 0 \(width) \(height)\" "
        + "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">",
      "<title>\(Self.escape(title))</title>",
      "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>",
    ]
    lines += elements
    lines.append("</svg>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Text safe inside an element or a quoted attribute.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if let scalar = character.unicodeScalars.first, scalar.value < 0x20,
          character != "\n", character != "\t"
        {
          result += " "
        } else {
          result.append(character)
        }
      }
    }
    return result
  }

  /// A coordinate with one decimal at most.
  static func number(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    let whole = Int(tenths) / 10
    let fraction = abs(Int(tenths)) % 10
    if fraction == 0 { return String(Int(tenths / 10)) }
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return "\(sign)\(whole).\(fraction)"
  }
}
