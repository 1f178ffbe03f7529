import Foundation
import KocodeBoard
import KocodeVM

/// A recorded run as a CSV table for a spreadsheet: one row at the start,
/// one each time a sensor reading or an output changes, one per logged
/// sample, and one at the end when something changed since the last row
/// (`docs/missions.md`, "Data files"). Water is in whole millilitres,
/// rounded to the nearest.
public struct RunTable {
  let outputs: [String]
  let labels: [String]
  let startSeconds: Int64
  let dialect: CSVDialect
  let measured: Bool
  private var outputValues: [Int]
  private var rows: [[String]] = []

  /// The table's text: a header line, then the rows, in `dialect` (comma
  /// separated by default, semicolons for a French spreadsheet).
  public static func csv(
    recorder: Recorder, board: BoardDefinition, dialect: CSVDialect = .plain
  ) -> String {
    var table = RunTable(recorder: recorder, board: board, dialect: dialect)
    var lastReadings: GreenhouseReadings?
    for (index, sample) in recorder.samples.enumerated() {
      var logged: (label: String, value: LoggedValue)?
      switch sample.event {
      case .output(_, let name, let value)?:
        table.set(name, to: Int(value))
      case .log(_, let label, let value)?:
        logged = (label, value)
      case .end?:
        break
      case nil:
        let isLast = index == recorder.samples.count - 1
        guard index == 0 || isLast || sample.readings != lastReadings else { continue }
      default:
        continue
      }
      table.add(sample, logged: logged)
      lastReadings = sample.readings
    }
    return dialect.document(table.rows)
  }

  private init(recorder: Recorder, board: BoardDefinition, dialect: CSVDialect) {
    self.dialect = dialect
    measured = recorder.isMeasured
    outputs = board.outputs.map(\.name)
    labels = Self.loggedLabels(recorder.events)
    startSeconds = Int64(recorder.greenhouse.model.startTimeSeconds)
    outputValues = Array(repeating: 0, count: outputs.count)
    let header =
      [
        "time_ms", "clock", "soil_moisture", "light", "temperature", "tank_empty", "button",
        "tank_ml", "water_used_ml",
      ] + outputs + labels
    rows = [header.map(dialect.cell)]
  }

  private mutating func set(_ output: String, to value: Int) {
    if let position = outputs.firstIndex(of: output) { outputValues[position] = value }
  }

  /// A row for a sample; a row that repeats the last one is left out,
  /// unless it carries a logged sample.
  private mutating func add(_ sample: Recorder.Sample, logged: (label: String, value: LoggedValue)?)
  {
    var row = sensorCells(sample) + outputValues.map(String.init)
    row += labels.map { label in label == logged?.label ? Self.text(of: logged?.value) : "" }
    if logged == nil, row == rows.last { return }
    rows.append(row)
  }

  private func sensorCells(_ sample: Recorder.Sample) -> [String] {
    let readings = sample.readings
    let clock = TimeText.clock(secondsAfterMidnight: startSeconds + sample.timeUS / 1_000_000)
    return [
      String(sample.timeUS / 1000), clock.count == 5 ? clock + ":00" : clock,
      String(readings.soilMoisture), String(readings.light), String(readings.temperature),
      readings.tankEmpty ? "1" : "0", readings.button ? "1" : "0",
    ] + water(sample)
  }

  /// The tank's water and the water used, unknown on a board.
  private func water(_ sample: Recorder.Sample) -> [String] {
    if measured { return ["", ""] }
    return [
      String((sample.state.tankUL + 500) / 1000),
      String((sample.state.waterUsedUL + 500) / 1000),
    ]
  }

  static func loggedLabels(_ events: [TraceEvent]) -> [String] {
    var labels: [String] = []
    for case .log(_, let label, _) in events where !labels.contains(label) {
      labels.append(label)
    }
    return labels
  }

  static func text(of value: LoggedValue?) -> String {
    switch value {
    case .number(let number)?: String(number)
    case .boolean(let flag)?: flag ? "true" : "false"
    case nil: ""
    }
  }
}
