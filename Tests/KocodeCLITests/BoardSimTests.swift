import Foundation
import KocodeBoard
import KocodeCLI
import KocodeFirmware
import KocodeLink
import Testing

/// `kocode board sim`: the real firmware behind a pseudo-terminal, found in
/// the registry while it runs, gone cleanly after Ctrl-C; the simulated
/// greenhouse feeds its sensors: a program that pumps while the soil is dry
/// sees the soil get wetter, in board time, and a `--set` sensor reads its
/// value. One at a time: a Ctrl-C reaches every board of the process.
@Suite(.serialized) struct BoardSimTests {
  @Test func startsPrintsItsPortAndStopsOnInterrupt() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("ttyKOCODE").path
    let output = Captured()
    let console = Console(out: { output.append($0) }, error: { _ in })
    let environment = [
      "KOCODE_BOARDS": CLIRun.root.appendingPathComponent("Boards").path,
      "XDG_RUNTIME_DIR": folder.path, "NO_COLOR": "1",
    ]
    let finished = DispatchSemaphore(value: 0)
    let code = Captured()
    Thread.detachNewThread {
      let result = Kocode.main(
        ["board", "sim", "--link", link, "-q"], console: console, environment: environment)
      code.append(String(result))
      finished.signal()
    }
    let deadline = Date(timeIntervalSinceNow: 240)
    while !output.text.hasSuffix("\n"), Date() < deadline, code.text.isEmpty {
      usleep(50_000)
    }
    let port = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(port.hasPrefix("/dev/pts/"), "no port: \(output.text) \(code.text)")
    #expect(FileManager.default.fileExists(atPath: port))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == port)
    let registry = folder.appendingPathComponent("kocode/boards")
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: registry.path)) ?? []
    #expect(entries.count == 1)

    kill(getpid(), SIGINT)
    #expect(finished.wait(timeout: .now() + 30) == .success)
    #expect(code.text == "0")
    #expect(!FileManager.default.fileExists(atPath: link))
    let after = (try? FileManager.default.contentsOfDirectory(atPath: registry.path)) ?? []
    #expect(after.isEmpty)
  }

  // MARK: - The simulated greenhouse feeds the firmware's sensors

  /// Waits 500 ms (so that nothing pumps before the test opens the port,
  /// which restarts the program), then logs the soil moisture every 200 ms
  /// and runs the pump below 40 %.
  static let program = """
    {"blocks": {"languageVersion": 0, "blocks": [{
      "type": "kocode_on_start", "id": "start", "x": 20, "y": 20,
      "inputs": {"DO": {"block": {"type": "kocode_wait", "id": "first", "fields": {"UNIT": "MS"},
        "inputs": {"DURATION": {"block": {"type": "math_number", "id": "half",
          "fields": {"NUM": 500}}}},
        "next": {"block": {"type": "kocode_forever", "id": "forever",
        "inputs": {"DO": {"block": {
          "type": "kocode_log", "id": "log", "fields": {"LABEL": "soil"},
          "inputs": {"VALUE": {"block": {"type": "kocode_soil_moisture", "id": "read"}}},
          "next": {"block": {"type": "controls_if", "id": "if_dry",
            "extraState": {"hasElse": true},
            "inputs": {
              "IF0": {"block": {"type": "logic_compare", "id": "dry", "fields": {"OP": "LT"},
                "inputs": {
                  "A": {"block": {"type": "kocode_soil_moisture", "id": "soil"}},
                  "B": {"block": {"type": "math_number", "id": "limit", "fields": {"NUM": 40}}}}}},
              "DO0": {"block": {"type": "kocode_pump", "id": "on", "fields": {"STATE": "ON"}}},
              "ELSE": {"block": {"type": "kocode_pump", "id": "off", "fields": {"STATE": "OFF"}}}},
            "next": {"block": {"type": "kocode_wait", "id": "wait", "fields": {"UNIT": "MS"},
              "inputs": {"DURATION": {"block": {"type": "math_number", "id": "ms",
                "fields": {"NUM": 200}}}}}}}}}}}}}}}}}]}}
    """

  /// Dry soil (10 %): the pump starts; the water reaches the probe
  /// 5 to 6 s later (board time, from the firmware's own records), then the
  /// soil the firmware reads rises by about 1 % a second (10 mL/s). The
  /// light is pinned with `--set`; the temperature is the model's at 08:00.
  @Test func pumpingDrySoilRaisesTheMoistureTheFirmwareReads() throws {
    let run = try SimulatorRun.watch(
      ["--start-moisture", "10", "--set", "light=33"], program: Self.program, seconds: 13)
    let pump = try #require(run.records.first { $0.kind == 2 && $0.index == 0 && $0.value == 1 })
    let soil = run.logged
    // Evaporation takes 0.06 % a second from 10 %: 9 once a second has gone.
    #expect((9...10).contains(try #require(soil.first).value), "\(soil)")
    let driest = try #require(soil.map(\.value).min())
    let dry = try #require(soil.firstIndex { $0.value == driest })
    let rising = try #require(soil[dry...].firstIndex { $0.value > driest }, "\(soil)")
    let rise = soil[rising]
    // The water pumped in a second reaches the probe at the end of the fifth
    // after it; its first part may be too little to read for another second.
    let delay = Int(rise.timeMS) - Int(pump.timeMS)
    #expect((4_800...7_300).contains(delay), "soil rose \(delay) ms after the pump: \(soil)")
    let wetter = soil[rising...]
    #expect(zip(wetter, wetter.dropFirst()).allSatisfy { $0.value <= $1.value }, "\(soil)")
    let last = try #require(soil.last)
    let seconds = Double(Int(last.timeMS) - Int(rise.timeMS)) / 1000
    let gained = Double(last.value - rise.value)
    #expect(seconds > 4, "\(soil)")
    #expect(abs(gained - seconds) <= 1.5, "\(gained) % in \(seconds) s: \(soil)")

    let sensors = run.records.filter { $0.kind == 0x85 }
    #expect(!sensors.isEmpty)
    for record in sensors {
      #expect(record.code == 33 && record.value == 23 && record.pc == 0, "\(record)")
    }
  }

  /// `--set soil_moisture=20` pins what the firmware reads, while the pump
  /// (on, since 20 < 40) wets the model's soil underneath.
  @Test func aSetSoilMoistureIsWhatTheFirmwareReads() throws {
    let run = try SimulatorRun.watch(
      ["--start-moisture", "10", "--set", "soil_moisture=20"], program: Self.program,
      seconds: 8)
    #expect(run.records.contains { $0.kind == 2 && $0.index == 0 && $0.value == 1 })
    let soil = run.logged
    // A log every 200 ms for 8 s.
    #expect(soil.count >= 30, "\(soil)")
    #expect(soil.allSatisfy { $0.value == 20 }, "\(soil)")
    #expect(run.records.filter { $0.kind == 0x85 }.allSatisfy { $0.index == 20 })
  }

  /// A 250 mL tank whose float switch says "empty" at 200 mL: 5 s of
  /// pumping at 10 mL/s. The switch is set at that moment of board time,
  /// not at the next 100 ms update, so the firmware's 10 ms check stops the
  /// pump 5.00 to 5.02 s after it started.
  @Test func theFloatSwitchTripsWhenTheModelsTankIsEmpty() throws {
    let run = try SimulatorRun.watch(
      ["--start-moisture", "10", "--tank", "250"], program: Self.program, seconds: 7)
    let pump = try #require(run.records.first { $0.kind == 2 && $0.index == 0 && $0.value == 1 })
    let safety = try #require(run.records.first { $0.kind == 8 }, "\(run.records)")
    let after = Int(safety.timeMS) - Int(pump.timeMS)
    #expect((5_000...5_020).contains(after), "the pump stopped \(after) ms after it started")
  }

  /// `--greenhouse off`: the simulator's fixed inputs (analog pins at 0,
  /// the float switch on its pull-up, so the tank reads empty and the pump
  /// is refused), with the `--set` values on top.
  @Test func withoutTheGreenhouseTheInputsStayFixed() throws {
    let run = try SimulatorRun.watch(
      ["--greenhouse", "off", "--set", "soil_moisture=20"], program: Self.program, seconds: 3)
    let soil = run.logged
    #expect(soil.count >= 10 && soil.allSatisfy { $0.value == 20 }, "\(soil)")
    #expect(!run.records.contains { $0.kind == 2 && $0.index == 0 && $0.value == 1 })
    #expect(run.records.contains { $0.kind == 8 }, "no safety record: \(run.records)")
    let sensors = try #require(run.records.first { $0.kind == 0x85 })
    // Light 0 %, and a TMP36 at 0 V reads (0 − 500) / 10 = −50 °C; tank empty.
    #expect(sensors.index == 20 && sensors.code == 0 && sensors.value == -50)
    #expect(sensors.pc & 1 == 1, "\(sensors)")
  }

  /// `kocode watch --csv` on a board in the simulated greenhouse: the soil
  /// column is what the board's probe read, and it rises while the program
  /// waits 10 s after pumping (the program itself reads it only once).
  @Test func watchRecordsTheBoardsOwnReadings() throws {
    try SimulatorRun.withBoard(["--start-moisture", "20"], program: nil) { link, environment in
      let solution = CLIRun.root.appendingPathComponent("Missions/water-when-dry/solution.json")
      let flash = CLIRun(["flash", solution.path, "--port", link], environment: environment)
      #expect(flash.code == 0, "\(flash.error)")
      let folder = try #require(environment["XDG_RUNTIME_DIR"])
      let csv = folder + "/run.csv"
      let plot = folder + "/run.svg"
      let watch = CLIRun(
        ["watch", "--port", link, "--for", "12s", "--csv", csv, "--plot", plot, "--lang", "en"],
        environment: environment)
      #expect(watch.code == 0, "\(watch.error)")
      #expect(!watch.error.contains("sent no sensor readings"), "\(watch.error)")
      let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let header = try #require(rows.first)
      let soil = try #require(header.firstIndex(of: "soil_moisture"))
      let tank = try #require(header.firstIndex(of: "tank_ml"))
      let values = rows.dropFirst().compactMap { Int($0[soil]) }
      #expect(values.first.map { (18...20).contains($0) } == true, "\(values)")
      // The pump ran 5 s at 10 mL/s: about 5 % more once it reaches the probe.
      let gained = (values.max() ?? 0) - (values.first ?? 0)
      #expect((3...8).contains(gained), "\(values)")
      #expect(rows.count > 6, "a row for each new reading: \(rows)")
      #expect(rows.dropFirst().allSatisfy { $0[tank].isEmpty }, "the tank is not measured")
      let drawing = try String(contentsOfFile: plot, encoding: .utf8)
      #expect(drawing.contains("Measured on the board"))
    }
  }
}

/// `kocode board sim` run in this process with a program in its EEPROM,
/// its port opened (which starts the program) and its telemetry read for a
/// while, then the board ended.
struct SimulatorRun {
  var records: [TelemetryRecord]

  /// The program's `log` values, with the firmware's times.
  var logged: [(value: Int32, timeMS: UInt32)] {
    records.filter { $0.kind == 3 }.map { ($0.value, $0.timeMS) }
  }

  static func watch(_ options: [String], program: String, seconds: Double) throws
    -> SimulatorRun
  {
    var records: [TelemetryRecord] = []
    try withBoard(options, program: program) { link, _ in
      let port = try VirtualBoardPort(path: link)
      defer { port.close() }
      Thread.sleep(forTimeInterval: seconds)
      records = TelemetryRecord.decode(port.bytes)
    }
    return SimulatorRun(records: records)
  }

  /// Runs `body` with the link of a `kocode board sim` started with
  /// `options` (and `program` in its EEPROM when given) and the environment
  /// that finds it, then ends the board.
  static func withBoard(
    _ options: [String], program: String?,
    _ body: (_ link: String, _ environment: [String: String]) throws -> Void
  ) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("ttyKOCODE").path
    var arguments = ["board", "sim", "--link", link, "-q"] + options
    if let program {
      let file = folder.appendingPathComponent("program.json")
      try Data(program.utf8).write(to: file)
      arguments += ["--program", file.path]
    }
    let output = Captured()
    let said = Captured()
    let console = Console(out: { output.append($0) }, error: { said.append($0) })
    let environment = [
      "KOCODE_BOARDS": CLIRun.root.appendingPathComponent("Boards").path,
      "XDG_RUNTIME_DIR": folder.path, "KOCODE_CACHE": folder.path, "NO_COLOR": "1",
    ]
    let finished = DispatchSemaphore(value: 0)
    let code = Captured()
    let command = arguments
    Thread.detachNewThread {
      code.append(String(Kocode.main(command, console: console, environment: environment)))
      finished.signal()
    }
    defer {
      endBoard(link: link)
      _ = finished.wait(timeout: .now() + 30)
    }
    let deadline = Date(timeIntervalSinceNow: 240)
    while !output.text.hasSuffix("\n"), Date() < deadline, code.text.isEmpty {
      usleep(50_000)
    }
    try #require(code.text.isEmpty, "kocode board sim ended (\(code.text)): \(said.text)")
    try body(link, environment)
  }

  /// Ends the `kc-vboard` that serves `link` (SIGTERM: it quits cleanly),
  /// which ends the command; the test process's own signals stay alone.
  static func endBoard(link: String) {
    let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for name in processes {
      guard let pid = Int32(name),
        let command = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
      else { continue }
      let words = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
      if words.first?.hasSuffix("kc-vboard") == true, words.contains(link) {
        kill(pid, SIGTERM)
      }
    }
  }
}

/// Text written from another thread.
final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var value = ""

  func append(_ text: String) {
    lock.lock()
    value += text
    lock.unlock()
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
