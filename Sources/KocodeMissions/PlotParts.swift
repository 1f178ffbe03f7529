import KocodeSupport

/// How each thing on the chart is drawn: the sensors' hue for the
/// greenhouse (lighter and dashed for light, darker and dotted for the
/// tank), the actions' hue for the pump, the data hue for logged values.
enum PlotStyle {
  case moisture, light, tank, pump, log, night

  static let nightFill = "#e8ebf2"

  var colour: String {
    switch self {
    case .moisture: BlockColour.sensors
    case .light: BlockColour.hex(hue: 190, saturation: 0.45, value: 0.85)
    case .tank: BlockColour.hex(hue: 190, saturation: 0.6, value: 0.45)
    case .pump: BlockColour.actions
    case .log: BlockColour.data
    case .night: Self.nightFill
    }
  }

  /// Stroke attributes of a curve drawn in this style.
  var stroke: [(String, String)] {
    switch self {
    case .moisture: [("stroke-width", "5")]
    case .light: [("stroke-width", "3"), ("stroke-dasharray", "12 7")]
    case .tank: [("stroke-width", "4"), ("stroke-dasharray", "1 8"), ("stroke-linecap", "round")]
    default: [("stroke-width", "3")]
    }
  }
}

/// One entry of the legend: a sample of the style and its words.
struct LegendItem {
  var label: String
  var style: PlotStyle

  /// The items side by side from `x`, their text's baseline at `y`.
  static func draw(_ items: [LegendItem], _ document: inout SVGDocument, x: Double, y: Double) {
    var cursor = x
    for item in items {
      switch item.style {
      case .pump, .night:
        document.add(
          "rect",
          [
            ("x", SVGDocument.number(cursor)), ("y", SVGDocument.number(y - 16)),
            ("width", "36"), ("height", "20"), ("fill", item.style.colour),
            ("stroke", "#999999"), ("stroke-width", item.style == .night ? "1" : "0"),
          ])
      default:
        document.add(
          "line",
          [
            ("x1", SVGDocument.number(cursor)), ("y1", SVGDocument.number(y - 6)),
            ("x2", SVGDocument.number(cursor + 36)), ("y2", SVGDocument.number(y - 6)),
            ("stroke", item.style.colour),
          ] + item.style.stroke)
      }
      document.add(
        "text",
        [
          ("x", SVGDocument.number(cursor + 44)), ("y", SVGDocument.number(y)),
          ("font-size", "18"), ("fill", "#333333"),
        ], text: item.label)
      // About 10 px a character at 18 px, then room before the next item.
      cursor += 44 + Double(item.label.count) * 10 + 28
    }
  }
}

/// The time axis: board time to x, and ticks on round times of day.
struct TimeAxis {
  let left: Double
  let width: Double
  let endUS: Int64
  let startClockUS: Int64
  let stepUS: Int64

  init(left: Double, width: Double, endUS: Int64, startClockUS: Int64) {
    self.left = left
    self.width = width
    self.endUS = max(endUS, 1)
    self.startClockUS = startClockUS
    let seconds: [Int64] = [
      1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 14_400, 21_600,
      43_200, 86_400,
    ]
    let span = self.endUS
    stepUS =
      seconds.map { $0 * 1_000_000 }.first { span / $0 <= 12 }
      ?? (span / 12 / 86_400_000_000 + 1) * 86_400_000_000
  }

  func x(_ timeUS: Int64) -> Double {
    left + width * Double(min(max(timeUS, 0), endUS)) / Double(endUS)
  }

  /// Board times of the ticks: round times of day.
  var ticks: [Int64] {
    let first = (startClockUS + stepUS - 1) / stepUS * stepUS - startClockUS
    return Array(stride(from: first, through: endUS, by: Int(stepUS)))
  }

  func drawGrid(_ document: inout SVGDocument, top: Double, bottom: Double) {
    for tick in ticks {
      let x = SVGDocument.number(self.x(tick))
      document.add(
        "line",
        [
          ("x1", x), ("y1", SVGDocument.number(top)), ("x2", x),
          ("y2", SVGDocument.number(bottom)), ("stroke", "#d9d9d9"), ("stroke-width", "1"),
        ])
    }
  }

  /// Tick labels under the chart (a day number under each midnight), and
  /// the axis title.
  func drawLabels(_ document: inout SVGDocument, baseline: Double, language: Language) {
    let dayUS: Int64 = 86_400_000_000
    for tick in ticks {
      let clock = startClockUS + tick
      let seconds = clock / 1_000_000
      var text = TimeText.clock(secondsAfterMidnight: seconds)
      if stepUS < 60_000_000, seconds % 60 == 0 { text += ":00" }
      let x = SVGDocument.number(self.x(tick))
      document.add(
        "text",
        [
          ("x", x), ("y", SVGDocument.number(baseline + 26)), ("font-size", "17"),
          ("text-anchor", "middle"), ("fill", "#333333"),
        ], text: text)
      if tick > 0, clock % dayUS == 0 {
        let day = clock / dayUS + 1
        document.add(
          "text",
          [
            ("x", x), ("y", SVGDocument.number(baseline + 46)), ("font-size", "15"),
            ("text-anchor", "middle"), ("fill", "#666666"),
          ],
          text: language == .fr ? "jour \(day)" : "day \(day)")
      }
    }
    document.add(
      "text",
      [
        ("x", SVGDocument.number(left + width / 2)),
        ("y", SVGDocument.number(baseline + 74)), ("font-size", "19"),
        ("text-anchor", "middle"), ("fill", "#222222"),
      ],
      text: axisTitle(language))
  }

  func axisTitle(_ language: Language) -> String {
    let units = stepUS < 60_000_000 ? "h:min:s" : "h:min"
    return language == .fr ? "heure de la journée (\(units))" : "time of day (\(units))"
  }
}

/// One panel of the chart: a frame, a value scale, curves in it.
struct Panel {
  let time: TimeAxis
  let top: Double
  let height: Double
  let low: Double
  let high: Double

  func y(_ value: Double) -> Double {
    let span = high - low
    let fraction = span > 0 ? (value - low) / span : 0.5
    return top + height * (1 - min(max(fraction, 0), 1))
  }

  func drawFrame(_ document: inout SVGDocument) {
    document.add(
      "rect",
      [
        ("x", SVGDocument.number(time.left)), ("y", SVGDocument.number(top)),
        ("width", SVGDocument.number(time.width)), ("height", SVGDocument.number(height)),
        ("fill", "none"), ("stroke", "#999999"), ("stroke-width", "1"),
      ])
  }

  func drawTitle(_ document: inout SVGDocument, _ text: String, colour: String) {
    document.add(
      "text",
      [
        ("x", SVGDocument.number(time.left)), ("y", SVGDocument.number(top - 10)),
        ("font-size", "19"), ("font-weight", "bold"), ("fill", colour),
      ], text: text)
  }

  /// A light grid line across the panel and the value at its left.
  func drawValueTick(_ document: inout SVGDocument, value: Double, label: String) {
    let y = SVGDocument.number(self.y(value))
    document.add(
      "line",
      [
        ("x1", SVGDocument.number(time.left)), ("y1", y),
        ("x2", SVGDocument.number(time.left + time.width)), ("y2", y),
        ("stroke", "#e3e3e3"), ("stroke-width", "1"),
      ])
    document.add(
      "text",
      [
        ("x", SVGDocument.number(time.left - 10)),
        ("y", SVGDocument.number(self.y(value) + 6)), ("font-size", "17"),
        ("text-anchor", "end"), ("fill", "#444444"),
      ], text: label)
  }

  /// A curve, thinned to a few points a pixel column (the first, lowest,
  /// highest and last) so that a day of samples stays a small file.
  func drawCurve(
    _ document: inout SVGDocument, points: [PlotPoint], style: PlotStyle, stepped: Bool = false
  ) {
    guard !points.isEmpty else { return }
    var coordinates: [String] = []
    var previousY: Double?
    for point in Self.thinned(points, time: time) {
      let x = SVGDocument.number(time.x(point.timeUS))
      let y = self.y(point.value)
      if stepped, let previousY { coordinates.append("\(x),\(SVGDocument.number(previousY))") }
      coordinates.append("\(x),\(SVGDocument.number(y))")
      previousY = y
    }
    if coordinates.count == 1 { coordinates.append(coordinates[0]) }
    document.add(
      "polyline",
      [
        ("points", coordinates.joined(separator: " ")), ("fill", "none"),
        ("stroke", style.colour), ("stroke-linejoin", "round"),
      ] + style.stroke)
  }

  func drawMarkers(_ document: inout SVGDocument, points: [PlotPoint], colour: String) {
    for point in points {
      document.add(
        "circle",
        [
          ("cx", SVGDocument.number(time.x(point.timeUS))),
          ("cy", SVGDocument.number(y(point.value))), ("r", "4"), ("fill", colour),
        ])
    }
  }

  func drawEndLabel(_ document: inout SVGDocument, _ text: String, y: Double, colour: String) {
    document.add(
      "text",
      [
        ("x", SVGDocument.number(time.left + time.width + 12)),
        ("y", SVGDocument.number(y + 6)), ("font-size", "18"), ("font-weight", "bold"),
        ("fill", colour),
      ], text: text)
  }

  /// A height for an end label near `y` that keeps clear of the others.
  func freeLabelY(_ y: Double, taken: [Double]) -> Double {
    var candidate = min(max(y, top + 8), top + height)
    for _ in 0..<8 {
      guard let clash = taken.first(where: { abs($0 - candidate) < 22 }) else { break }
      candidate = clash + (candidate >= clash ? 22 : -22)
    }
    return candidate
  }

  /// At most four points a pixel column, in time order.
  static func thinned(_ points: [PlotPoint], time: TimeAxis) -> [PlotPoint] {
    var result: [PlotPoint] = []
    var bucket: [PlotPoint] = []
    var column = Int.min
    func flush() {
      guard let first = bucket.first, let last = bucket.last else { return }
      var kept = [first]
      if let lowest = bucket.min(by: { $0.value < $1.value }) { kept.append(lowest) }
      if let highest = bucket.max(by: { $0.value < $1.value }) { kept.append(highest) }
      kept.append(last)
      kept.sort { $0.timeUS < $1.timeUS }
      for point in kept where result.last != point { result.append(point) }
      bucket.removeAll(keepingCapacity: true)
    }
    for point in points {
      let pointColumn = Int(time.x(point.timeUS))
      if pointColumn != column {
        flush()
        column = pointColumn
      }
      bucket.append(point)
    }
    flush()
    return result
  }
}

/// Round values for a logged series' scale.
enum ValueTicks {
  /// A range with room around the values, on round numbers.
  static func range(of values: [Double]) -> (Double, Double) {
    guard var low = values.min(), var high = values.max() else { return (0, 1) }
    if low == high {
      low -= 1
      high += 1
    }
    let step = self.step(for: high - low)
    return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
  }

  static func ticks(low: Double, high: Double) -> [Double] {
    let step = self.step(for: high - low)
    return Array(stride(from: low, through: high + step / 1000, by: step))
  }

  /// 1, 2 or 5 times a power of ten, giving about four steps over `span`.
  static func step(for span: Double) -> Double {
    let rough = max(span / 4, 1e-9)
    var power = 1.0
    while power * 10 <= rough { power *= 10 }
    while power > rough { power /= 10 }
    for factor in [1.0, 2.0, 5.0, 10.0] where power * factor >= rough { return power * factor }
    return power * 10
  }

  static func text(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
