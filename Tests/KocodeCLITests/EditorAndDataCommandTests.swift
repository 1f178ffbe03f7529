import Foundation
import Testing

/// `kocode blocks`, `kocode plot` and `--csv-excel`.
@Suite struct EditorAndDataCommandTests {
  static let folder = CLIRun.root.appendingPathComponent("Tests/KocodeCLITests/Golden/blocks")

  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-\(UUID().uuidString)-\(name)").path
  }

  /// The snapshots in `Golden/blocks/`; rewrite them with
  /// `KOCODE_UPDATE_SNAPSHOTS=1` after a deliberate change, then read the diff.
  @Test(arguments: [
    ("definitions.fr.json", ["blocks", "--lang", "fr"]),
    ("definitions.en.json", ["blocks", "--lang", "en"]),
    ("toolbox.fr.json", ["blocks", "--toolbox", "--lang", "fr"]),
    ("toolbox.en.json", ["blocks", "--toolbox", "--lang", "en", "--board", "greenhouse-uno"]),
  ])
  func blocksMatchTheirSnapshot(_ file: String, _ arguments: [String]) throws {
    let run = CLIRun(arguments)
    #expect(run.code == 0)
    #expect(run.error.isEmpty)
    #expect(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) is NSObject)
    let url = Self.folder.appendingPathComponent(file)
    if ProcessInfo.processInfo.environment["KOCODE_UPDATE_SNAPSHOTS"] != nil {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try Data(run.out.utf8).write(to: url)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(run.out == expected, "kocode \(arguments.joined(separator: " ")) differs from \(file)")
  }

  @Test func blocksFollowTheLocaleAndRefuseBadCommandLines() {
    let french = CLIRun(["blocks"], environment: ["LANG": "fr_FR.UTF-8"])
    #expect(french.out == CLIRun(["blocks", "--lang", "fr"]).out)
    #expect(french.out.contains("\"arroser pendant %1 secondes\""))
    #expect(CLIRun(["blocks", "--lang", "en"]).out.contains("\"water for %1 seconds\""))
    #expect(CLIRun(["blocks", "--board", "greenhouse-mega"]).code == 0)
    #expect(CLIRun(["blocks", "--board", "toaster"]).code == 64)
    #expect(CLIRun(["blocks", "extra"]).code == 64)
    #expect(CLIRun(["blocks", "--pretty"]).code == 64)
  }

  @Test func csvExcelWritesTheFrenchSpreadsheetDialect() throws {
    let plain = Self.temporary("plain.csv")
    let excel = Self.temporary("excel.csv")
    defer { for path in [plain, excel] { try? FileManager.default.removeItem(atPath: path) } }
    let run = CLIRun([
      "run", CLIRun.golden("water.json"), "--set", "soil_moisture=20", "--for", "10s",
      "--csv", plain, "--csv-excel", excel, "--lang", "fr",
    ])
    #expect(run.code == 0)
    #expect(run.error.contains("Tableau des données écrit dans \(excel)"))
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: excel)))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8))
    let rows = text.components(separatedBy: "\r\n")
    #expect(rows.count == 5 && rows.last == "")
    #expect(rows[0].hasPrefix("time_ms;clock;soil_moisture;light;"))
    #expect(rows[3].hasPrefix("5000;08:00:05;20;60;23;0;0;4950;50;0;"))
    let plainRows = try String(contentsOfFile: plain, encoding: .utf8).split(separator: "\n")
    #expect(plainRows.map { $0.replacingOccurrences(of: ",", with: ";") } == rows.dropLast())
    #expect(CLIRun(["run", CLIRun.golden("water.json"), "--csv-excel"]).code == 64)
  }

  // MARK: - kocode plot

  /// Where two SVG drawings differ by more than half a pixel, or in their
  /// words: nil when a reader could not tell them apart. A replayed trace
  /// moves the pump at the millisecond the trace gives, not the microsecond
  /// the run had, so a curve may move by a tenth of a pixel.
  static func difference(_ first: String, _ second: String) -> String? {
    let firstLines = first.split(separator: "\n")
    let secondLines = second.split(separator: "\n")
    guard firstLines.count == secondLines.count else {
      return "\(firstLines.count) lines, then \(secondLines.count)"
    }
    for (index, (one, other)) in zip(firstLines, secondLines).enumerated() {
      let (oneShape, oneNumbers) = numbers(in: one)
      let (otherShape, otherNumbers) = numbers(in: other)
      let close = zip(oneNumbers, otherNumbers).allSatisfy { abs($0 - $1) <= 0.5 }
      guard oneShape == otherShape, oneNumbers.count == otherNumbers.count, close else {
        return "line \(index + 1): \(one.prefix(160)) / \(other.prefix(160))"
      }
    }
    return nil
  }

  /// A line with its numbers taken out, and the numbers.
  static func numbers(in line: Substring) -> (String, [Double]) {
    var shape = ""
    var values: [Double] = []
    var number = ""
    for character in line + " " {
      if character.isNumber || character == "." || (character == "-" && number.isEmpty) {
        number.append(character)
        continue
      }
      if let value = Double(number) {
        values.append(value)
        shape += "#"
      } else {
        shape += number
      }
      number = ""
      shape.append(character)
    }
    return (shape, values)
  }

  @Test(arguments: ["fr", "en"])
  func plotDrawsASavedTraceAsRunDoes(_ language: String) throws {
    let trace = Self.temporary("water.trace.jsonl")
    let fromRun = Self.temporary("run.svg")
    let fromTrace = Self.temporary("trace.svg")
    defer {
      for path in [trace, fromRun, fromTrace] { try? FileManager.default.removeItem(atPath: path) }
    }
    let program = CLIRun.root.appendingPathComponent("Missions/water-when-dry/solution.json")
    let greenhouse = ["--start-moisture", "20", "--tank", "3000", "--lang", language]
    let run = CLIRun(
      ["run", program.path, "--for", "10m", "--trace", trace, "--plot", fromRun] + greenhouse)
    #expect(run.code == 0)
    let plot = CLIRun(["plot", trace, "-o", fromTrace] + greenhouse)
    #expect(plot.code == 0, "\(plot.error)")
    #expect(plot.out.isEmpty)
    let expected = try String(contentsOfFile: fromRun, encoding: .utf8)
    let name = URL(fileURLWithPath: trace).lastPathComponent
    let drawn = try String(contentsOfFile: fromTrace, encoding: .utf8)
    #expect(drawn.contains("<title>\(name)</title>"))
    let renamed = drawn.replacingOccurrences(of: name, with: "solution.json")
    let difference = Self.difference(renamed, expected)
    #expect(difference == nil, "\(difference ?? "")")
    #expect(expected.contains("pump") || expected.contains("pompe"))
    #expect(drawn.contains(language == "fr" ? "pompe en marche" : "pump on"))

    let other = CLIRun(["plot", trace, "-o", fromTrace, "--lang", language])
    #expect(other.code == 0)
    let defaults = try String(contentsOfFile: fromTrace, encoding: .utf8)
    let renamedDefaults = defaults.replacingOccurrences(of: name, with: "solution.json")
    #expect(Self.difference(renamedDefaults, expected) != nil, "the soil starts at 50 %")
  }

  static func plot(_ trace: String, language: String = "en") -> CLIRun {
    let output = temporary("bad.svg")
    defer { try? FileManager.default.removeItem(atPath: output) }
    return CLIRun(["plot", "-", "-o", output, "--lang", language], input: Array(trace.utf8))
  }

  @Test func aDamagedTraceIsRefusedWithItsLine() {
    let start = #"{"t":0,"type":"start","scripts":1}"#
    let cases: [(String, String)] = [
      (start + "\nnot json\n", "line 2: this line is not a JSON object"),
      (
        start + "\n" + #"{"type":"output","name":"pump","value":1}"#,
        "line 2: the key 't' is missing"
      ),
      (
        start + "\n" + #"{"t":5,"type":"output","name":"pump"}"#,
        "line 2: the key 'value' is missing"
      ),
      (start + "\n\n" + #"{"t":"5","type":"end","reason":"finished"}"#, "line 3: the key 't'"),
      (
        start + "\n" + #"{"t":5,"type":"log","label":"x","value":"wet"}"#, "line 2: the key 'value'"
      ),
      (
        start + "\n" + #"{"t":5,"type":"output","name":"pump","value":true}"#,
        "line 2: the key 'value'"
      ),
      (start + "\n" + #"{"t":5,"type":"end","reason":"bored"}"#, "line 2: the key 'reason'"),
      (
        start + "\n" + #"{"t":50,"type":"print","text":"a"}"# + "\n"
          + #"{"t":9,"type":"print","text":"b"}"#, "line 3: the time 't' goes back"
      ),
      (start + "\n" + #"{"t":5,"type":"output","name":"fan","value":1}"#, "no output 'fan'"),
      ("\n\n", "the trace is empty"),
    ]
    for (trace, message) in cases {
      let run = Self.plot(trace)
      #expect(run.code == 65, "\(trace)")
      #expect(run.error.contains(message), "\(run.error) should say \(message)")
    }
    let french = Self.plot(start + "\nnot json\n", language: "fr")
    #expect(french.error.contains("-, ligne 2 : cette ligne n’est pas un objet JSON"))
  }

  @Test func plotReadsWhatItCanAndSaysWhereTheBoardRestarted() {
    let trace = [
      #"{"t":0,"type":"start","scripts":1}"#, #"{"t":0,"type":"output","name":"pump","value":1}"#,
      #"{"t":20,"type":"hello","board":"future"}"#,
      #"{"t":3000,"type":"log","label":"x","value":true}"#,
      #"{"t":0,"type":"start","scripts":1}"#, #"{"t":10,"type":"output","name":"pump","value":1}"#,
    ].joined(separator: "\r\n")
    let run = Self.plot(trace)
    #expect(run.code == 0, "\(run.error)")
    #expect(run.error.contains("The board restarted on line 5"))
  }

  @Test func plotCommandLineAndFiles() {
    let output = Self.temporary("x.svg")
    #expect(CLIRun(["plot", "/no/such/trace.jsonl", "-o", output]).code == 74)
    #expect(CLIRun(["plot", CLIRun.golden("water.trace.jsonl")]).code == 64)
    #expect(CLIRun(["plot", "-o", output]).code == 64)
    #expect(CLIRun(["plot", CLIRun.golden("water.trace.jsonl"), "-o", output, "--x"]).code == 64)
    let written = CLIRun(["plot", CLIRun.golden("water.trace.jsonl"), "-o", output, "-q"])
    defer { try? FileManager.default.removeItem(atPath: output) }
    #expect(written.code == 0 && written.error.isEmpty)
    #expect(FileManager.default.fileExists(atPath: output))
    #expect(
      CLIRun(["plot", CLIRun.golden("water.trace.jsonl"), "-o", "/no/such/dir/x.svg"]).code == 74)
  }
}
