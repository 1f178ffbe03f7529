import KocodeBoard
import KocodeVM

/// One point of a curve: board time and value.
struct PlotPoint: Equatable {
  var timeUS: Int64
  var value: Double
}

/// The curves of a recorded run, ready to draw.
struct PlotSeries {
  /// The samples of one logged label.
  struct Log {
    var label: String
    var points: [PlotPoint]
    /// Every sample was `true` or `false`.
    var isBoolean: Bool
  }

  /// The end of the chart: the last recorded moment (at least a second).
  let endUS: Int64
  /// The time of day at board time 0.
  let startClockUS: Int64
  /// Soil moisture in percent: the model's own value, even when the probe
  /// reads something else (`--set`, a broken probe in a mission).
  let moisture: [PlotPoint]
  /// The probe is fixed with `--set`: what the program reads is not the soil.
  let probeIsSet: Bool
  let light: [PlotPoint]
  /// Water in the tank, in percent of a full tank; none on a board.
  let tank: [PlotPoint]
  /// When it was dark (light 0 in the model).
  let nights: [Range<Int64>]
  /// When the pump was on.
  let pump: [Range<Int64>]
  /// Logged labels, in order of first appearance.
  let logs: [Log]

  init(recorder: Recorder, board: BoardDefinition) {
    let samples = recorder.samples
    let greenhouse = recorder.greenhouse
    let last = samples.last?.timeUS ?? 0
    endUS = max(last, recorder.endUS ?? 0, 1_000_000)
    startClockUS = Int64(greenhouse.model.startTimeSeconds) * 1_000_000

    let channel = BoardSensors(board: board).channel(of: .soilMoisture)
    probeIsSet =
      greenhouse.overrides.soilMoisture != nil
      || channel.map { greenhouse.overrides.analog[$0] != nil } ?? false
    let capacity = Double(max(greenhouse.model.tankMl, 0)) * 1000
    moisture = samples.map { PlotPoint(timeUS: $0.timeUS, value: $0.state.moisturePercent) }
    light = samples.map { PlotPoint(timeUS: $0.timeUS, value: Double($0.readings.light)) }
    tank =
      recorder.isMeasured
      ? []
      : samples.map { sample in
        PlotPoint(
          timeUS: sample.timeUS,
          value: capacity > 0 ? Double(sample.state.tankUL) * 100 / capacity : 0)
      }
    nights = Self.nights(in: samples)
    pump = Self.pumpIntervals(in: recorder.events, endUS: endUS)
    logs = Self.logs(in: recorder.events)
  }

  /// Stretches where the model's light is 0, each sample holding until the next.
  static func nights(in samples: [Recorder.Sample]) -> [Range<Int64>] {
    var result: [Range<Int64>] = []
    var darkSince: Int64?
    for sample in samples {
      if sample.state.light == 0, darkSince == nil { darkSince = sample.timeUS }
      if sample.state.light != 0, let start = darkSince {
        result.append(start..<sample.timeUS)
        darkSince = nil
      }
    }
    if let start = darkSince, let end = samples.last?.timeUS, end > start {
      result.append(start..<end)
    }
    return result
  }

  static func pumpIntervals(in events: [TraceEvent], endUS: Int64) -> [Range<Int64>] {
    var result: [Range<Int64>] = []
    var onSince: Int64?
    for case .output(let timeMS, "pump", let value) in events {
      if value != 0, onSince == nil { onSince = timeMS * 1000 }
      if value == 0, let start = onSince {
        result.append(start..<max(start, timeMS * 1000))
        onSince = nil
      }
    }
    if let start = onSince { result.append(start..<max(start, endUS)) }
    return result
  }

  static func logs(in events: [TraceEvent]) -> [Log] {
    var result: [Log] = []
    var index: [String: Int] = [:]
    for case .log(let timeMS, let label, let value) in events {
      let point: PlotPoint
      let boolean: Bool
      switch value {
      case .number(let number):
        point = PlotPoint(timeUS: timeMS * 1000, value: Double(number))
        boolean = false
      case .boolean(let flag):
        point = PlotPoint(timeUS: timeMS * 1000, value: flag ? 1 : 0)
        boolean = true
      }
      if let position = index[label] {
        result[position].points.append(point)
        result[position].isBoolean = result[position].isBoolean && boolean
      } else {
        index[label] = result.count
        result.append(Log(label: label, points: [point], isBoolean: boolean))
      }
    }
    return result
  }
}
