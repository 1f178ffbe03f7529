import Foundation
import KocodeBlocks
import KocodeCompiler
import KocodeLink
import KocodeSupport
import KocodeVM

/// What `kocode watch` shows, for a class watching on a projector: the
/// program's blocks as a coloured outline with the running blocks
/// highlighted, the sensors, the outputs, the latest logged values and
/// prints, and an error on its block, in words.
struct WatchView {
  var title: String
  var language: Language
  var colour: Bool
  /// The program's blocks, when this computer flashed it.
  var workspace: Workspace?
  var running: [Int: String] = [:]
  var errorBlock: String?
  var errorText: String?
  var sensors: String?
  var outputs: [String: Int32] = [:]
  var recent: [String] = []
  var status: String = ""

  mutating func note(_ line: String) {
    recent.append(line)
    if recent.count > 6 { recent.removeFirst(recent.count - 6) }
  }

  mutating func sensors(_ record: TelemetryRecord) {
    let tank = record.pc & 1 != 0
    let button = record.pc & 2 != 0
    sensors =
      language == .fr
      ? "sol \(record.index) %   lumière \(record.code) %   \(record.value) °C   réservoir "
        + (tank ? "VIDE" : "plein") + "   bouton " + (button ? "appuyé" : "relâché")
      : "soil \(record.index) %   light \(record.code) %   \(record.value) °C   tank "
        + (tank ? "EMPTY" : "full") + "   button " + (button ? "pressed" : "released")
  }

  /// The whole screen, drawn from the top-left corner.
  func render() -> String {
    var lines: [String] = [bold(title), ""]
    if let workspace {
      for stack in workspace.stacks {
        for block in stack { outline(block, depth: 0, into: &lines) }
        lines.append("")
      }
    } else {
      lines.append(
        language == .fr
          ? "(les blocs de ce programme ne sont pas sur cet ordinateur : "
            + "envoie-le d’ici avec kocode flash)"
          : "(this program's blocks are not on this computer: flash it from here)")
      lines.append("")
    }
    if let sensors { lines.append((language == .fr ? "Capteurs : " : "Sensors: ") + sensors) }
    if !outputs.isEmpty {
      let shown = outputs.keys.sorted().map { name in
        let value = outputs[name] ?? 0
        let state =
          value == 0 ? (language == .fr ? "éteint" : "off") : "\(value == 1 ? "ON" : "\(value)")"
        return "\(name) \(state)"
      }
      lines.append((language == .fr ? "Sorties : " : "Outputs: ") + shown.joined(separator: "   "))
    }
    if let errorText { lines.append(red("✖ " + errorText)) }
    lines.append("")
    lines += recent
    lines.append("")
    lines.append(status)
    return "\u{1B}[H\u{1B}[2J" + lines.joined(separator: "\n") + "\n"
  }

  private func outline(_ block: Block, depth: Int, into lines: inout [String]) {
    guard !block.isShadow else { return }
    let spec = BlockCatalog.spec(for: block.type)
    let keys = block.inputs.keys.sorted()
    let nested = keys.filter { key in
      block.statements(key).contains { BlockCatalog.spec(for: $0.type)?.shape == .statement }
    }
    let values = keys.filter { !nested.contains($0) }.compactMap { block.value($0).map(inline) }
    var label = head(block)
    if !values.isEmpty { label += " (" + values.joined(separator: ", ") + ")" }
    var line = String(repeating: "  ", count: depth) + paint("■", hue: spec?.hue ?? 0) + " " + label
    if running.values.contains(block.id) { line = highlight(line + " ◀") }
    if block.id == errorBlock { line = red(line + " ✖") }
    lines.append(line)
    for key in nested {
      for child in block.statements(key) { outline(child, depth: depth + 1, into: &lines) }
    }
  }

  /// The block's name in the chosen language and its field values.
  private func head(_ block: Block) -> String {
    let name = BlockCatalog.spec(for: block.type).map { $0.name.text(language) } ?? block.type
    let fields = block.fields.keys.sorted().compactMap { block.fields[$0]?.text }
    return ([name] + fields).joined(separator: " ")
  }

  /// A value block in one short line.
  private func inline(_ block: Block) -> String {
    if let number = block.fields["NUM"]?.text { return number }
    let inner = block.inputs.keys.sorted().compactMap { block.value($0).map(inline) }
    return inner.isEmpty ? head(block) : head(block) + " (" + inner.joined(separator: ", ") + ")"
  }

  private func paint(_ text: String, hue: Int) -> String {
    guard colour else { return text }
    let (red, green, blue) = Self.rgb(hue: hue)
    return "\u{1B}[38;2;\(red);\(green);\(blue)m\(text)\u{1B}[0m"
  }

  private func highlight(_ text: String) -> String { colour ? "\u{1B}[7m\(text)\u{1B}[0m" : text }
  private func red(_ text: String) -> String { colour ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }
  private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

  /// Blockly's colour for a hue: saturation 0.45, value 0.65.
  static func rgb(hue: Int) -> (Int, Int, Int) {
    let saturation = 0.45
    let value = 0.65
    let sector = Double(hue % 360) / 60
    let chroma = value * saturation
    let x = chroma * (1 - abs(sector.truncatingRemainder(dividingBy: 2) - 1))
    let (r, g, b): (Double, Double, Double) =
      switch Int(sector) {
      case 0: (chroma, x, 0)
      case 1: (x, chroma, 0)
      case 2: (0, chroma, x)
      case 3: (0, x, chroma)
      case 4: (x, 0, chroma)
      default: (chroma, 0, x)
      }
    let base = value - chroma
    return (Int((r + base) * 255), Int((g + base) * 255), Int((b + base) * 255))
  }
}
