import Foundation
import KocodeMissions
import KocodeSupport
import KocodeVM
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The plot and the CSV table of a recorded run.
@Suite struct RunDataTests {
  static func wateringRun() throws -> MissionRun {
    let mission = try MissionFixtures.mission("water-when-dry")
    return try MissionFixtures.run(mission, program: mission.solutionURL)
  }

  static func plot(_ run: MissionRun, _ language: Language) -> String {
    RunPlot(
      recorder: run.recorder, board: run.board, language: language,
      title: run.mission.title.text(language),
      subtitle: GreenhouseSummary.text(model: run.mission.model, durationUS: run.durationUS)
        .text(language)
    ).svg()
  }

  @Test func theBlockColoursAreTheEditorsOwn() {
    // Blockly's own blocks, as the editor shows them: logic, loops, math,
    // text, variables, functions.
    let standard = [210: "#5b80a5", 120: "#5ba55b", 230: "#5b67a5", 160: "#5ba58c"]
    for (hue, colour) in standard { #expect(BlockColour.hex(hue: Double(hue)) == colour) }
    #expect(BlockColour.hex(hue: 330) == "#a55b80")
    #expect(BlockColour.hex(hue: 290) == "#995ba5")
    // Kocode's sensors, actions and data.
    #expect(BlockColour.sensors == "#5b99a5")
    #expect(BlockColour.actions == "#a5745b")
    #expect(BlockColour.data == "#9fa55b")
  }

  @Test(arguments: [Language.fr, .en])
  func thePlotIsWellFormedAndLabelled(_ language: Language) throws {
    let svg = Self.plot(try Self.wateringRun(), language)
    let parser = XMLParser(data: Data(svg.utf8))
    #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
    #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let words =
      language == .fr
      ? [
        "humidité du sol", "lumière", "réservoir", "pompe en marche", "nuit",
        "heure de la journée (h:min)", "« humidité » noté par le programme", "jour 2",
        "Arroser quand c’est sec",
      ]
      : [
        "soil moisture", "light", "tank", "pump on", "night", "time of day (h:min)",
        "“humidité” logged by the program", "day 2", "Water when it is dry",
      ]
    for word in words { #expect(svg.contains(word), "\(word)") }
    for colour in [BlockColour.sensors, BlockColour.actions, BlockColour.data] {
      #expect(svg.contains(colour))
    }
    // Hours and minutes along the time axis, from 08:00 to 08:00 the next day.
    for tick in ["08:00", "12:00", "20:00", "00:00", "04:00"] {
      #expect(svg.contains(">\(tick)</text>"), "\(tick)")
    }
    #expect(svg.utf8.count < 400_000)
  }

  @Test func thePlotRendersToAPictureThatIsNotBlank() throws {
    let renderer = "/usr/bin/rsvg-convert"
    try #require(
      FileManager.default.isExecutableFile(atPath: renderer),
      "rsvg-convert is missing: install librsvg2-bin (make deps does)")
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-plot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let svg = folder.appendingPathComponent("plot.svg")
    let png = folder.appendingPathComponent("plot.png")
    try Data(Self.plot(try Self.wateringRun(), .fr).utf8).write(to: svg)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: renderer)
    process.arguments = [svg.path, "-o", png.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let image = try PNGImage(Array(Data(contentsOf: png)))
    #expect(image.width == 1280)
    #expect(image.height > 600)
    var inked = 0
    var colours = Set<UInt32>()
    var pump = 0
    var moisture = 0
    for y in 0..<image.height {
      for x in 0..<image.width {
        let (red, green, blue, _) = image.pixel(x, y)
        if red < 240 || green < 240 || blue < 240 { inked += 1 }
        colours.insert(UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue))
        if Self.near((red, green, blue), (0xa5, 0x74, 0x5b)) { pump += 1 }
        if Self.near((red, green, blue), (0x5b, 0x99, 0xa5)) { moisture += 1 }
      }
    }
    #expect(inked > image.width * image.height / 20, "\(inked) inked pixels")
    #expect(colours.count > 20)
    #expect(pump > 100, "\(pump) pixels of the pump's colour")
    #expect(moisture > 1000, "\(moisture) pixels of the moisture curve's colour")
  }

  static func near(_ pixel: (UInt8, UInt8, UInt8), _ colour: (Int, Int, Int)) -> Bool {
    abs(Int(pixel.0) - colour.0) <= 6 && abs(Int(pixel.1) - colour.1) <= 6
      && abs(Int(pixel.2) - colour.2) <= 6
  }

  @Test func theTableHasARowPerChangeAndPerLoggedSample() throws {
    let run = try Self.wateringRun()
    let csv = RunTable.csv(recorder: run.recorder, board: run.board)
    let rows = csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    let header = rows[0].map(String.init)
    #expect(
      header == [
        "time_ms", "clock", "soil_moisture", "light", "temperature", "tank_empty", "button",
        "tank_ml", "water_used_ml", "pump", "led_green", "led_red", "led_builtin", "buzzer",
        "d9", "d10", "d11", "humidité",
      ])
    #expect(rows.dropFirst().allSatisfy { $0.count == header.count })
    #expect(rows[1][0] == "0" && rows[1][1] == "08:00:00" && rows[1][2] == "35")
    let times = rows.dropFirst().compactMap { Int($0[0]) }
    #expect(times == times.sorted())
    #expect(times.last == 24 * 3_600_000)

    let logged = rows.filter { !$0[17].isEmpty }.count - 1
    let logEvents = run.events.filter { $0.type == "log" }.count
    #expect(logged == logEvents)
    let pumpColumn = rows.dropFirst().map { $0[9] }
    let pumpChanges = zip(pumpColumn, pumpColumn.dropFirst()).filter { $0 != $1 }.count
    let pumpEvents = run.events.filter {
      if case .output(_, "pump", _) = $0 { return true }
      return false
    }.count
    #expect(pumpChanges == pumpEvents)
    // The soil's readings change about once a percent, and each change has its row.
    let soil = rows.dropFirst().map { $0[2] }
    #expect(zip(soil, soil.dropFirst()).filter { $0 != $1 }.count > 20)
  }

  @Test func aDayOfMissionCheckIsFast() throws {
    let mission = try MissionFixtures.mission("water-when-dry")
    let measurement = try #require(
      MissionBenchmark.measure(
        mission: mission, board: try MissionFixtures.board(for: mission), repeats: 1))
    #expect(measurement.passed)
    #expect(measurement.boardUS == 24 * 3_600_000_000)
    // The goal is under a second in a release build; debug builds are several times slower.
    #expect(measurement.seconds < 5)
  }
}
