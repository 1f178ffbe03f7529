import KocodeBoard
import KocodeSupport
import KocodeVM

/// A recorded run drawn as an SVG chart a class can read on a projector:
/// soil moisture, light and tank level on one panel, the pump's on periods
/// on a strip below, then one panel for each logged label; the time of day
/// along the bottom, night shaded, every curve labelled where it ends, in
/// the block colours of `language.md`.
public struct RunPlot {
  public var title: String
  public var subtitle: String
  public var language: Language
  let recorder: Recorder
  let series: PlotSeries

  static let width = 1280
  static let left = 120.0
  static let right = 210.0
  static let headerHeight = 160.0
  static let mainHeight = 330.0
  static let pumpHeight = 46.0
  static let logHeight = 170.0
  static let gap = 44.0
  static let footerHeight = 90.0
  /// At most this many logged labels get a panel; the CSV file has them all.
  static let maximumLogPanels = 6

  public init(
    recorder: Recorder, board: BoardDefinition, language: Language, title: String,
    subtitle: String
  ) {
    self.recorder = recorder
    self.title = title
    self.subtitle = subtitle
    self.language = language
    series = PlotSeries(recorder: recorder, board: board)
  }

  /// The chart as an SVG document.
  public func svg() -> String {
    let logs = Array(series.logs.prefix(Self.maximumLogPanels))
    var height = Self.headerHeight + Self.mainHeight + Self.gap + Self.pumpHeight
    height += Double(logs.count) * (Self.gap + Self.logHeight) + Self.footerHeight
    var document = SVGDocument(width: Self.width, height: Int(height))
    let chartBottom = height - Self.footerHeight
    let time = TimeAxis(
      left: Self.left, width: Double(Self.width) - Self.left - Self.right,
      endUS: series.endUS, startClockUS: series.startClockUS)

    drawHeader(&document)
    drawNights(&document, time: time, top: Self.headerHeight, bottom: chartBottom)
    time.drawGrid(&document, top: Self.headerHeight, bottom: chartBottom)
    var top = Self.headerHeight
    drawGreenhouse(&document, time: time, top: top)
    top += Self.mainHeight + Self.gap
    drawPump(&document, time: time, top: top)
    top += Self.pumpHeight
    for log in logs {
      top += Self.gap
      drawLog(log, &document, time: time, top: top)
      top += Self.logHeight
    }
    time.drawLabels(&document, baseline: chartBottom, language: language)
    return document.text(title: title)
  }

  func say(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

  // MARK: - Header

  func drawHeader(_ document: inout SVGDocument) {
    document.add(
      "text",
      [
        ("x", "\(Int(Self.left))"), ("y", "40"), ("font-size", "28"),
        ("font-weight", "bold"), ("fill", "#222222"),
      ], text: title)
    document.add(
      "text",
      [
        ("x", "\(Int(Self.left))"), ("y", "72"), ("font-size", "18"),
        ("fill", "#444444"),
      ], text: subtitle)
    var items: [LegendItem] = [
      LegendItem(
        label: series.probeIsSet
          ? say("humidité du sol (la vraie, pas la sonde)", "soil moisture (real, not the probe)")
          : say("humidité du sol", "soil moisture"), style: .moisture),
      LegendItem(label: say("lumière", "light"), style: .light),
      LegendItem(label: say("pompe en marche", "pump on"), style: .pump),
    ]
    if !series.tank.isEmpty {
      items.insert(LegendItem(label: say("réservoir", "tank"), style: .tank), at: 2)
    }
    if !series.logs.isEmpty {
      items.append(
        LegendItem(
          label: say("relevés du programme", "logged by the program"),
          style: .log))
    }
    items.append(LegendItem(label: say("nuit", "night"), style: .night))
    LegendItem.draw(items, &document, x: Self.left, y: 110)
  }

  // MARK: - Panels

  func drawNights(_ document: inout SVGDocument, time: TimeAxis, top: Double, bottom: Double) {
    for night in series.nights {
      let start = time.x(night.lowerBound)
      let end = time.x(night.upperBound)
      document.add(
        "rect",
        [
          ("x", SVGDocument.number(start)), ("y", SVGDocument.number(top)),
          ("width", SVGDocument.number(max(end - start, 0.5))),
          ("height", SVGDocument.number(bottom - top)), ("fill", PlotStyle.nightFill),
        ])
    }
  }

  func drawGreenhouse(_ document: inout SVGDocument, time: TimeAxis, top: Double) {
    let panel = Panel(time: time, top: top, height: Self.mainHeight, low: 0, high: 100)
    panel.drawFrame(&document)
    for tick in stride(from: 0, through: 100, by: 20) {
      panel.drawValueTick(&document, value: Double(tick), label: "\(tick) %")
    }
    panel.drawTitle(
      &document, say("la serre (en %)", "the greenhouse (in %)"), colour: "#333333")
    let curves: [(PlotStyle, [PlotPoint], String)] = [
      (.light, series.light, say("lumière", "light")),
      (.tank, series.tank, say("réservoir", "tank")),
      (.moisture, series.moisture, say("humidité", "moisture")),
    ]
    var labelsAt: [Double] = []
    for (style, points, name) in curves {
      panel.drawCurve(&document, points: points, style: style)
      guard let last = points.last else { continue }
      let y = panel.freeLabelY(panel.y(last.value), taken: labelsAt)
      labelsAt.append(y)
      panel.drawEndLabel(
        &document, "\(name) \(Int(last.value.rounded())) %", y: y, colour: style.colour)
    }
  }

  func drawPump(_ document: inout SVGDocument, time: TimeAxis, top: Double) {
    let height = Self.pumpHeight
    document.add(
      "rect",
      [
        ("x", SVGDocument.number(Self.left)), ("y", SVGDocument.number(top)),
        ("width", SVGDocument.number(time.width)), ("height", SVGDocument.number(height)),
        ("fill", "none"), ("stroke", "#999999"), ("stroke-width", "1"),
      ])
    for interval in series.pump {
      let start = time.x(interval.lowerBound)
      let end = time.x(interval.upperBound)
      document.add(
        "rect",
        [
          ("x", SVGDocument.number(start)), ("y", SVGDocument.number(top + 4)),
          ("width", SVGDocument.number(max(end - start, 2))),
          ("height", SVGDocument.number(height - 8)), ("fill", PlotStyle.pump.colour),
        ])
    }
    document.add(
      "text",
      [
        ("x", SVGDocument.number(Self.left - 12)),
        ("y", SVGDocument.number(top + height / 2 + 6)), ("font-size", "18"),
        ("text-anchor", "end"), ("fill", PlotStyle.pump.colour), ("font-weight", "bold"),
      ],
      text: say("pompe", "pump"))
    let starts = series.pump.count
    let count =
      language == .fr
      ? (starts <= 1 ? "\(starts) démarrage" : "\(starts) démarrages")
      : (starts == 1 ? "1 start" : "\(starts) starts")
    document.add(
      "text",
      [
        ("x", SVGDocument.number(Self.left + time.width + 12)),
        ("y", SVGDocument.number(top + height / 2 + 6)), ("font-size", "18"),
        ("fill", PlotStyle.pump.colour),
      ], text: count)
  }

  func drawLog(_ log: PlotSeries.Log, _ document: inout SVGDocument, time: TimeAxis, top: Double) {
    let range = log.isBoolean ? (0.0, 1.0) : ValueTicks.range(of: log.points.map(\.value))
    let panel = Panel(time: time, top: top, height: Self.logHeight, low: range.0, high: range.1)
    panel.drawFrame(&document)
    if log.isBoolean {
      panel.drawValueTick(&document, value: 0, label: say("faux", "false"))
      panel.drawValueTick(&document, value: 1, label: say("vrai", "true"))
    } else {
      for tick in ValueTicks.ticks(low: range.0, high: range.1) {
        panel.drawValueTick(&document, value: tick, label: ValueTicks.text(tick))
      }
    }
    let quoted = language == .fr ? "« \(log.label) »" : "“\(log.label)”"
    panel.drawTitle(
      &document, quoted + say(" noté par le programme", " logged by the program"),
      colour: PlotStyle.log.colour)
    panel.drawCurve(&document, points: log.points, style: .log, stepped: log.isBoolean)
    if log.points.count <= 120 {
      panel.drawMarkers(&document, points: log.points, colour: PlotStyle.log.colour)
    }
    if let last = log.points.last {
      let text =
        log.isBoolean
        ? (last.value != 0 ? say("vrai", "true") : say("faux", "false"))
        : ValueTicks.text(last.value)
      panel.drawEndLabel(&document, text, y: panel.y(last.value), colour: PlotStyle.log.colour)
    }
  }
}
