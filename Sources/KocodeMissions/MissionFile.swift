import Foundation
import KocodeSupport
import KocodeVM

/// `mission.json` as written, before its values are checked.
struct MissionFile: Decodable {
  struct Pair<Value: Decodable>: Decodable {
    var fr: Value
    var en: Value
  }

  struct Press: Decodable {
    var at: String
    var `for`: String
  }

  struct GreenhouseFile: Decodable {
    var startMoisture: Int?
    var tankMl: Int?
    var tankEmptyMl: Int?
    /// Percent per hour in the dark at 20 °C; may have decimals.
    var evaporation: Double?
    var pumpFlowMl: Int?
    var dayLength: String?
    var startTime: String?
    var noise: Int?
    var noiseSeed: UInt64?
    var buttonPresses: [Press]?
    var set: [String]?
  }

  /// One label, or the same label in several languages.
  struct Labels: Decodable {
    var names: [String]

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let name = try? container.decode(String.self) {
        names = [name]
      } else {
        names = try container.decode([String].self)
      }
    }
  }

  struct CriterionFile: Decodable {
    var kind: String
    var min: Int?
    var max: Int?
    var share: Int?
    var after: String?
    var minMl: Int?
    var maxMl: Int?
    var ml: Int?
    var label: Labels?
    var every: String?
    var sensor: String?
    var tolerance: Int?
    var output: String?
    var value: Int?
    var within: String?
    var lightBelow: Int?
    var hint: Pair<String>?
  }

  var order: Int?
  var level: Int
  var board: String
  var title: Pair<String>
  var brief: Pair<[String]>
  var duration: String
  var greenhouse: GreenhouseFile?
  var criteria: [CriterionFile]

  /// Reads and checks a mission file.
  static func mission(from data: Data, name: String, folder: URL) throws(MissionError)
    -> Mission
  {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let file: MissionFile
    do {
      file = try decoder.decode(MissionFile.self, from: data)
    } catch {
      throw .unreadable(name, reason: String(describing: error))
    }
    return try file.mission(name: name, folder: folder)
  }

  func mission(name: String, folder: URL) throws(MissionError) -> Mission {
    guard (1...5).contains(level) else { throw .invalid(name, "level", "\(level)") }
    guard brief.fr.count == brief.en.count, !brief.fr.isEmpty else {
      throw .invalid(name, "brief", "fr and en need the same paragraphs")
    }
    let checker = Checker(mission: name)
    let criteria = try self.criteria.map { entry throws(MissionError) in
      MissionCriterion(
        try checker.criterion(entry), hint: entry.hint.map { Localized(fr: $0.fr, en: $0.en) })
    }
    return Mission(
      name: name, order: order ?? 100, level: level, board: board,
      title: Localized(fr: title.fr, en: title.en),
      brief: zip(brief.fr, brief.en).map { Localized(fr: $0, en: $1) },
      durationUS: try checker.duration(duration, key: "duration"),
      model: try checker.model(greenhouse), settings: greenhouse?.set ?? [],
      criteria: criteria, folder: folder)
  }
}

/// Turns a mission file's values into a mission, refusing what is wrong.
private struct Checker {
  var mission: String

  func duration(_ text: String?, key: String) throws(MissionError) -> Int64 {
    guard let text, let value = TimeText.duration(text), value > 0 else {
      throw .invalid(mission, key, text ?? "")
    }
    return value
  }

  func range(_ value: Int?, _ range: ClosedRange<Int>, key: String) throws(MissionError) -> Int? {
    guard let value else { return nil }
    guard range.contains(value) else { throw .invalid(mission, key, "\(value)") }
    return value
  }

  func required<T>(_ value: T?, key: String) throws(MissionError) -> T {
    guard let value else { throw .invalid(mission, key, "missing") }
    return value
  }

  func labels(_ labels: MissionFile.Labels?) throws(MissionError) -> [String] {
    guard let names = labels?.names, !names.isEmpty, !names.contains(where: \.isEmpty) else {
      throw .invalid(mission, "label", "missing")
    }
    return names
  }

  func model(_ file: MissionFile.GreenhouseFile?) throws(MissionError) -> Greenhouse.Model {
    var model = Greenhouse.Model()
    guard let file else { return model }
    if let value = try range(file.startMoisture, 0...100, key: "start_moisture") {
      model.startMoisture = value
    }
    if let value = try range(file.tankMl, 0...1_000_000, key: "tank_ml") { model.tankMl = value }
    if let value = try range(file.tankEmptyMl, 0...1_000_000, key: "tank_empty_ml") {
      model.tankEmptyMl = value
    }
    if let value = file.evaporation {
      guard (0...100).contains(value) else { throw .invalid(mission, "evaporation", "\(value)") }
      model.evaporation = Int((value * 1000).rounded())
    }
    if let value = try range(file.pumpFlowMl, 0...10_000, key: "pump_flow_ml") {
      model.pumpFlowMl = value
    }
    if let text = file.dayLength {
      let value = try duration(text, key: "day_length")
      guard value <= TimeText.dayUS else { throw .invalid(mission, "day_length", text) }
      model.dayLengthSeconds = Int(value / TimeText.secondUS)
    }
    if let text = file.startTime {
      guard let value = TimeText.timeOfDay(text) else {
        throw .invalid(mission, "start_time", text)
      }
      model.startTimeSeconds = value
    }
    if let value = try range(file.noise, 0...100, key: "noise") { model.noise = value }
    if let value = file.noiseSeed { model.noiseSeed = value }
    model.buttonPresses = try (file.buttonPresses ?? []).map { press throws(MissionError) in
      ButtonPress(
        startUS: try duration(press.at, key: "button_presses"),
        lengthUS: try duration(press.for, key: "button_presses"))
    }
    return model
  }

  func criterion(_ entry: MissionFile.CriterionFile) throws(MissionError) -> Criterion {
    switch entry.kind {
    case "moisture_band":
      return .moistureBand(
        min: try required(range(entry.min, 0...100, key: "min"), key: "min"),
        max: try required(range(entry.max, 0...100, key: "max"), key: "max"),
        share: try required(range(entry.share, 0...100, key: "share"), key: "share"),
        afterUS: try entry.after.map { text throws(MissionError) in
          try duration(text, key: "after")
        } ?? 0)
    case "water_used":
      return .waterUsed(
        minMl: try range(entry.minMl, 0...1_000_000, key: "min_ml"),
        maxMl: try range(entry.maxMl, 0...1_000_000, key: "max_ml"))
    case "waste_at_most":
      return .wasteAtMost(ml: try required(range(entry.ml, 0...1_000_000, key: "ml"), key: "ml"))
    case "pump_starts":
      return .pumpStarts(
        min: try range(entry.min, 0...1_000_000, key: "min"),
        max: try range(entry.max, 0...1_000_000, key: "max"))
    case "pump_never_dry": return .pumpNeverDry
    case "pump_never_cut": return .pumpNeverCut
    default: return try logOrOutputCriterion(entry)
    }
  }

  func logOrOutputCriterion(_ entry: MissionFile.CriterionFile) throws(MissionError)
    -> Criterion
  {
    switch entry.kind {
    case "log_every":
      return .logEvery(
        labels: try labels(entry.label),
        everyUS: try duration(entry.every, key: "every"))
    case "log_follows_sensor":
      let name = try required(entry.sensor, key: "sensor")
      guard let sensor = SensorKind(rawValue: name) else {
        throw .invalid(mission, "sensor", name)
      }
      return .logFollowsSensor(
        labels: try labels(entry.label), sensor: sensor,
        tolerance: try range(entry.tolerance, 0...1000, key: "tolerance") ?? 1)
    case "output_reached":
      return .outputReached(
        output: try required(entry.output, key: "output"), value: entry.value ?? 1,
        withinUS: try entry.within.map { text throws(MissionError) in
          try duration(text, key: "within")
        })
    case "output_at_end":
      return .outputAtEnd(
        output: try required(entry.output, key: "output"), value: entry.value ?? 1)
    case "no_pump_in_dark":
      return .noPumpInDark(
        lightBelow: try required(
          range(entry.lightBelow, 0...100, key: "light_below"),
          key: "light_below"))
    case "pump_follows_button":
      return .pumpFollowsButton(withinUS: try duration(entry.within, key: "within"))
    default:
      throw .invalid(mission, "kind", entry.kind)
    }
  }
}
