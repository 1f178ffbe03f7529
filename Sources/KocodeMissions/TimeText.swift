import KocodeSupport

/// Durations and times of day as people write them: `10m`, `08:30`,
/// "1 h 30 min". Board time is in microseconds throughout.
public enum TimeText {
  public static let secondUS: Int64 = 1_000_000
  public static let minuteUS: Int64 = 60 * secondUS
  public static let hourUS: Int64 = 60 * minuteUS
  public static let dayUS: Int64 = 24 * hourUS

  /// `500ms`, `20s`, `5m`, `2h` (a whole number and a unit) in
  /// microseconds; nil for anything else.
  public static func duration(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
      ("ms", 1000), ("s", secondUS), ("m", minuteUS), ("h", hourUS),
    ]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      let digits = text.dropLast(suffix.count)
      guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        let value = Int64(digits), value <= Int64.max / scale
      else { return nil }
      return value * scale
    }
    return nil
  }

  /// `HH:MM` (00:00 to 23:59) in seconds after midnight; nil otherwise.
  public static func timeOfDay(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
      let hours = Int(parts[0]), let minutes = Int(parts[1]),
      (0..<24).contains(hours), (0..<60).contains(minutes)
    else { return nil }
    return hours * 3600 + minutes * 60
  }

  /// A duration in words for people: "2 h 30 min", "45 s", "1 min 5 s",
  /// "200 ms", "3 d 4 h". Units below the largest two are left out.
  public static func spoken(_ durationUS: Int64) -> String {
    let milliseconds = max(0, durationUS) / 1000
    if milliseconds < 1000 { return "\(milliseconds) ms" }
    let seconds = milliseconds / 1000
    // Up to two days, hours read better than days ("36 h").
    let days = seconds >= 2 * 86_400 ? seconds / 86_400 : 0
    let parts: [(Int64, String)] = [
      (days, "d"), ((seconds - days * 86_400) / 3600, "h"), (seconds / 60 % 60, "min"),
      (seconds % 60, "s"),
    ]
    guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0 s" }
    var words = ["\(parts[first].0) \(parts[first].1)"]
    if first + 1 < parts.count, parts[first + 1].0 > 0 {
      words.append("\(parts[first + 1].0) \(parts[first + 1].1)")
    }
    return words.joined(separator: " ")
  }

  /// "j" for days in French, "d" in English; the other units are shared.
  public static func spoken(_ durationUS: Int64, _ language: Language) -> String {
    let text = spoken(durationUS)
    return language == .fr ? text.replacingOccurrences(of: " d", with: " j") : text
  }

  /// A time of day as `HH:MM`, or `HH:MM:SS` when it has seconds.
  public static func clock(secondsAfterMidnight: Int64) -> String {
    let seconds = (secondsAfterMidnight % 86_400 + 86_400) % 86_400
    let text = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60)
    return seconds % 60 == 0 ? text : text + ":" + pad(seconds % 60)
  }

  static func pad(_ value: Int64) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }
}
