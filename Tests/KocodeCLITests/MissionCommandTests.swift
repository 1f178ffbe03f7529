import Foundation
import Testing

/// `kocode missions`, `kocode mission show|check`, and the data files and
/// greenhouse flags of `kocode run`.
@Suite struct MissionCommandTests {
  static func mission(_ name: String, _ file: String) -> String {
    CLIRun.root.appendingPathComponent("Missions/\(name)/\(file)").path
  }

  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-\(UUID().uuidString)-\(name)").path
  }

  /// `at start: log soil, light, temperature, tank empty, button`.
  static let sensorsAtStart = Array(
    (#"{"blocks":{"languageVersion":0,"blocks":[{"type":"kocode_on_start","id":"s","#
      + #""inputs":{"DO":{"block":"#
      + log(
        "soil", "kocode_soil_moisture",
        next: log(
          "light", "kocode_light",
          next: log(
            "temp", "kocode_temperature",
            next: log(
              "tank", "kocode_tank_empty",
              next: log("button", "kocode_button", next: nil)))))
      + "}}}]}}").utf8)

  static func log(_ label: String, _ sensor: String, next: String?) -> String {
    #"{"type":"kocode_log","id":"\#(label)","fields":{"LABEL":"\#(label)"},"#
      + #""inputs":{"VALUE":{"block":{"type":"\#(sensor)","id":"\#(label)_v"}}}"#
      + (next.map { #","next":{"block":\#($0)}"# } ?? "") + "}"
  }

  /// The values the program logged, by label.
  static func logged(_ run: CLIRun) -> [String: String] {
    var values: [String: String] = [:]
    for line in run.jsonLines where line["type"] as? String == "log" {
      values[line["label"] as? String ?? ""] = "\(line["value"] ?? "")"
    }
    return values
  }

  @Test func missionsAreListedWithTheirLevel() {
    let english = CLIRun(["missions", "--lang", "en"])
    #expect(english.code == 0)
    #expect(english.out.contains("light-an-led"))
    #expect(english.out.contains("level 1 ★☆☆☆☆  Light the green LED"))
    #expect(english.out.contains("broken-probe"))
    #expect(english.out.contains("level 5"))
    let french = CLIRun(["missions", "--lang", "fr"])
    #expect(french.out.contains("niveau 2 ★★☆☆☆  Arroser quand c’est sec"))
    #expect(CLIRun(["missions", "extra"]).code == 64)
  }

  @Test func showPrintsTheBriefAndWhatItTakes() {
    let run = CLIRun(["mission", "show", "water-when-dry", "--lang", "fr"])
    #expect(run.code == 0)
    #expect(run.out.hasPrefix("Arroser quand c’est sec\n"))
    #expect(run.out.contains("Complète le bloc « si »"))
    #expect(run.out.contains("Pour réussir (vérifié sur 24 h à partir de 08:00, sol à 35 %"))
    #expect(run.out.contains("  • Garder l’humidité du sol entre 28 % et 70 %"))
    #expect(run.out.contains("Missions/water-when-dry/starter.json"))
    #expect(run.out.split(separator: "\n").allSatisfy { $0.count <= 80 })
    let english = CLIRun(["mission", "show", "broken-probe", "--lang", "en"])
    #expect(
      english.out.contains(
        "\n    kocode run Missions/broken-probe/starter.json --for 24h --plot yesterday.svg\n"))
  }

  @Test func checkExitsZeroWhenEveryCriterionIsMet() {
    let run = CLIRun([
      "mission", "check", "water-when-dry", Self.mission("water-when-dry", "solution.json"),
      "--lang", "en",
    ])
    #expect(run.code == 0)
    #expect(run.out.contains("Mission “Water when it is dry” (water-when-dry)"))
    #expect(run.out.contains("  ✓ The soil moisture stayed between 28 % and 70 %"))
    #expect(run.out.contains("Mission accomplished! All 3 criteria are met."))
    #expect(!run.out.contains("✗"))
  }

  @Test func checkExitsOneAndExplainsWhatFailed() {
    let run = CLIRun([
      "mission", "check", "empty-tank", Self.mission("empty-tank", "starter.json"), "--lang",
      "fr",
    ])
    #expect(run.code == 1)
    #expect(run.out.contains(", ton programme a voulu allumer la pompe alors que le réservoir"))
    let hint = "    → Astuce : Avant d’arroser, "
    #expect(run.out.contains(hint + "regarde le bloc « réservoir vide »"))
    #expect(run.out.contains("  ✓ La carte n’a jamais eu à couper la pompe."))
    #expect(run.out.contains("Pas encore : 1 critère rempli sur 3."))
  }

  @Test func checkRefusesWhatItCannotJudge() {
    let solution = Self.mission("water-once", "solution.json")
    #expect(CLIRun(["mission", "check", "fly-to-mars", solution]).code == 64)
    #expect(CLIRun(["mission", "check", "fly-to-mars", solution]).error.contains("water-once"))
    #expect(CLIRun(["mission", "check", "water-once", "/no/such/file.json"]).code == 74)
    #expect(CLIRun(["mission", "check", "water-once", "-"], input: Array("{".utf8)).code == 65)
    #expect(CLIRun(["mission", "check", "water-once"]).code == 64)
    #expect(CLIRun(["mission"]).code == 64)
    #expect(CLIRun(["mission", "fly", "water-once"]).code == 64)
    #expect(CLIRun(["mission", "show", "nope"]).code == 64)
    #expect(CLIRun(["mission", "check", "water-once", solution, "--seed", "0"]).code == 64)
  }

  @Test func checkWritesThePlotTableAndTrace() throws {
    let plot = Self.temporary("plot.svg")
    let table = Self.temporary("data.csv")
    let trace = Self.temporary("trace.jsonl")
    defer {
      for path in [plot, table, trace] { try? FileManager.default.removeItem(atPath: path) }
    }
    let run = CLIRun([
      "mission", "check", "log-every-minute", Self.mission("log-every-minute", "solution.json"),
      "--plot", plot, "--csv", table, "--trace", trace, "--lang", "en",
    ])
    #expect(run.code == 0)
    #expect(run.error.contains("Plot written to \(plot)"))
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(svg.contains("Log the moisture every minute"))
    #expect(svg.contains("“humidité” logged by the program"))
    let csv = try String(contentsOfFile: table, encoding: .utf8)
    #expect(csv.hasPrefix("time_ms,clock,soil_moisture,"))
    #expect(csv.split(separator: "\n").count > 360)
    let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == #"{"t":0,"type":"start","scripts":1}"#)
    #expect(lines.last == #"{"t":21600000,"type":"end","reason":"time_limit"}"#)
  }

  @Test func runWritesTheTableAndThePlot() throws {
    let plot = Self.temporary("run.svg")
    let table = Self.temporary("run.csv")
    defer { for path in [plot, table] { try? FileManager.default.removeItem(atPath: path) } }
    let run = CLIRun([
      "run", CLIRun.golden("water.json"), "--set", "soil_moisture=20", "--for", "10s",
      "--csv", table, "--plot", plot, "--trace", "-", "--lang", "fr",
    ])
    #expect(run.code == 0)
    // The trace alone on standard output; the files are named on standard error.
    #expect(run.jsonLines.count == run.out.split(separator: "\n").count)
    #expect(run.error.contains("Courbes dessinées dans \(plot)"))
    #expect(run.error.contains("Tableau des données écrit dans \(table)"))
    let csv = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 4)
    #expect(csv[1].hasPrefix("0,08:00:00,20,60,23,0,0,5000,0,0,"))
    #expect(csv[2].hasPrefix("0,08:00:00,20,60,23,0,0,5000,0,1,"))
    #expect(csv[3].hasPrefix("5000,08:00:05,20,60,23,0,0,4950,50,0,"))
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(svg.contains("<title>water.json</title>"))
    #expect(svg.contains("1 démarrage"))
  }

  @Test func runTakesTheGreenhouseFlags() {
    let defaults = CLIRun(["run", "-", "--trace", "-"], input: Self.sensorsAtStart)
    #expect(
      Self.logged(defaults) == [
        "soil": "50", "light": "60", "temp": "23", "tank": "false", "button": "false",
      ])
    let changed = CLIRun(
      [
        "run", "-", "--trace", "-", "--start-moisture", "20", "--start-time", "22:00",
        "--tank", "100", "--press", "0s+1s", "--day-length", "10h",
      ], input: Self.sensorsAtStart)
    #expect(changed.code == 0)
    #expect(
      Self.logged(changed) == [
        "soil": "20", "light": "0", "temp": "16", "tank": "true", "button": "true",
      ])
    let noisy = CLIRun(
      ["run", "-", "--trace", "-", "--noise", "5", "--noise-seed", "3", "--evaporation", "1.5"],
      input: Self.sensorsAtStart)
    #expect(noisy.code == 0)
  }

  @Test func wrongGreenhouseFlagsAreUsageErrors() {
    let water = CLIRun.golden("water.json")
    for flags in [
      ["--start-moisture", "150"], ["--start-moisture", "wet"], ["--tank", "-5"],
      ["--flow", "1e3"], ["--evaporation", "-1"], ["--evaporation", "1e2"],
      ["--evaporation", "abc"], ["--day-length", "25h"], ["--day-length", "16"],
      ["--start-time", "8h"], ["--start-time", "24:00"], ["--noise", "500"],
      ["--press", "10m"], ["--press", "10m+0s"], ["--noise-seed", "-1"],
    ] {
      let run = CLIRun(["run", water] + flags + ["--lang", "en"])
      #expect(run.code == 64, "\(flags)")
      #expect(run.error.contains(flags[0]), "\(flags): \(run.error)")
    }
  }

  @Test func theNewCommandsHaveHelpAndAreNamed() {
    let commands = [("missions", "kocode missions"), ("mission", "kocode mission check")]
    for (command, words) in commands {
      for language in ["fr", "en"] {
        let run = CLIRun([command, "--help", "--lang", language])
        #expect(run.code == 0)
        #expect(run.out.contains(words), "\(command) \(language)")
      }
    }
    #expect(CLIRun(["--help", "--lang", "en"]).out.contains("mission check NAME PROGRAM"))
    #expect(CLIRun(["launch", "--lang", "en"]).error.contains("missions, mission"))
    #expect(CLIRun(["run", "--help", "--lang", "en"]).out.contains("--plot FILE.svg"))
  }
}
