import Foundation
import KocodeBoard
import KocodeFirmware
import KocodeLink
import Testing

@testable import KocodeCLI

/// Board care on virtual boards (the real firmware in simavr, over real
/// pseudo-terminals): status, stop, start, identify, erase, name and
/// calibrate, on one board and with `--all`.
@Suite(.serialized) struct BoardCareTests {
  static let solution = CLIRun.root.appendingPathComponent(
    "Missions/water-when-dry/solution.json"
  ).path
  /// The Uno's soil probe on A0, its pump on D7, its LED on D13, its buzzer on D8.
  static let dry = 620

  /// What `kocode status --json` says of the board.
  static func status(_ board: RunningBoard, _ environment: [String: String]) throws
    -> [String: Any]
  {
    let run = CLIRun(["status", "--port", board.port, "--json"], environment: environment)
    #expect(run.code == 0, "\(run.error)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "\(run.out)")
  }

  static func environment(_ board: RunningBoard) -> [String: String] {
    board.environment.merging(["KOCODE_CACHE": board.folder.path]) { $1 }
  }

  @Test func statusAfterAFlashShowsTheNameTheCRCAndTheSource() throws {
    let board = try RunningBoard()
    let environment = Self.environment(board)
    let named = CLIRun(["name", "serre-3", "--port", board.port], environment: environment)
    #expect(named.code == 0, "\(named.error)")
    let flash = CLIRun(["flash", Self.solution, "--port", "serre-3"], environment: environment)
    #expect(flash.code == 0, "\(flash.error)")
    let built = CLIRun([
      "build", Self.solution, "-o", board.folder.appendingPathComponent("s.kbc").path,
    ])
    #expect(built.code == 0)
    let crcText = try #require(
      flash.error.split(separator: " ").first { $0.hasPrefix("0x") }.map {
        String($0.prefix(10))
      })

    let status = try Self.status(board, environment)
    #expect(status["name"] as? String == "serre-3")
    #expect(status["board"] as? String == "greenhouse-uno")
    #expect(status["firmware"] as? Int == 3)
    #expect(status["state"] as? String == "running")
    let program = try #require(status["program"] as? [String: Any])
    #expect(program["crc"] as? String == crcText)
    // The CRC `kocode build` shows is the one the board reports.
    #expect(built.error.contains("CRC \(crcText)."), "\(built.error)")
    #expect(program["file"] as? String == Self.solution)
    #expect(program["name"] as? String == "solution")
    let flashedAt = try #require(program["flashed_at"] as? String)
    let date = try #require(ISO8601DateFormatter().date(from: flashedAt))
    #expect(abs(date.timeIntervalSinceNow) < 120)

    let french = CLIRun(["status", "--port", "serre-3", "--lang", "fr"], environment: environment)
    #expect(french.out.hasPrefix("serre-3 (\(board.port))"), "\(french.out)")
    #expect(french.out.contains("envoyé le "), "\(french.out)")
    #expect(french.out.contains("depuis \(Self.solution)"))
    #expect(french.out.contains("état : en marche"))
    #expect(french.out.contains("valeurs de la carte (sec 620, dans l’eau 290)"))
  }

  @Test func stopTurnsThePumpOffAtOnceAndItStaysOffAcrossResets() throws {
    let board = try RunningBoard()
    let environment = Self.environment(board)
    try board.process.setAnalog("A0", raw: Self.dry)
    // The tank switch (D2, pulled up, high when empty) says full.
    try board.process.setDigital("D2", high: false)
    let flash = CLIRun(["flash", Self.solution, "--port", board.port], environment: environment)
    #expect(flash.code == 0, "\(flash.error)")
    let on = board.process.waitForEvent(timeout: 5) { $0.isPin("D7", .high) }
    #expect(on != nil, "the pump runs in dry soil")

    let before = board.process.events.count
    let stop = CLIRun(["stop", "--port", board.port, "--lang", "en"], environment: environment)
    #expect(stop.code == 0, "\(stop.error)")
    #expect(stop.error.contains("program stopped, pump off"))
    // The reset that opening the port causes restarts the program first, so
    // the pump may come on again before the stop; the last word is off.
    let off = board.process.waitForEvent(from: before, timeout: 0.5) {
      $0.isPin("D7", .low)
    }
    #expect(off != nil, "the pump goes off before the command returns")
    #expect(board.process.level("D7") == .low)

    // A reset (a power cut, or the port opened again: an Uno resets then).
    let after = board.process.events.count
    try board.process.reset()
    Thread.sleep(forTimeInterval: 0.5)
    #expect(board.process.events.dropFirst(after).contains { $0.isPin("D7", .low) })
    #expect(
      board.process.events.dropFirst(after).allSatisfy { !$0.isPin("D7", .high) },
      "a board stopped from the computer does not start its program again after a reset")
    let status = try Self.status(board, environment)
    #expect(status["state"] as? String == "stopped")
    #expect(status["end"] as? String == "stopped")

    let start = CLIRun(["start", "--port", board.port], environment: environment)
    #expect(start.code == 0, "\(start.error)")
    let again = board.process.waitForEvent(from: after, timeout: 5) {
      $0.isPin("D7", .high)
    }
    #expect(again != nil, "start runs the program again")
  }

  @Test func identifyBlinksTheLEDAndBeeps() throws {
    let board = try RunningBoard()
    let before = board.process.events.count
    let run = CLIRun(
      ["identify", "--port", board.port, "--for", "2s", "--lang", "en"],
      environment: board.environment)
    #expect(run.code == 0, "\(run.error)")
    #expect(run.error.contains("blinks and it beeps for 2 s"))
    Thread.sleep(forTimeInterval: 2.5)
    let events = Array(board.process.events.dropFirst(before))
    let led = events.filter { $0.isPin("D13", .high) }.count
    let buzzer = events.filter { $0.isPin("D8", .high) }.count
    #expect(led >= 3, "the LED blinks about twice a second: \(led) times")
    #expect(buzzer >= 3, "the buzzer beeps with it: \(buzzer) times")
    #expect(board.process.level("D13") == .low, "the LED is off again at the end")

    let bad = CLIRun(
      ["identify", "--port", board.port, "--for", "2m"], environment: board.environment)
    #expect(bad.code == 64)
  }

  @Test func eraseLeavesABoardThatRunsNothingAndSaysSo() throws {
    let board = try RunningBoard()
    let environment = Self.environment(board)
    #expect(
      CLIRun(["flash", Self.solution, "--port", board.port], environment: environment).code == 0)
    let erase = CLIRun(["erase", "--port", board.port, "--lang", "en"], environment: environment)
    #expect(erase.code == 0, "\(erase.error)")
    #expect(erase.error.contains("program erased"))
    let status = try Self.status(board, environment)
    #expect(status["state"] as? String == "empty")
    #expect(status["program"] is NSNull)
    #expect(status["name"] as? String == "truck-1", "the name stays")
    let text = CLIRun(["status", "--port", board.port, "--lang", "en"], environment: environment)
    #expect(text.out.contains("doing nothing (no program)"))
    let start = CLIRun(["start", "--port", board.port, "--lang", "en"], environment: environment)
    #expect(start.code == 69)
    #expect(start.error.contains("no program to start"))
    let watch = CLIRun(
      ["watch", "--port", board.port, "--for", "1s", "--lang", "en"], environment: environment)
    #expect(watch.code == 0)
    #expect(watch.error.contains("no program on this board, nothing to watch"), "\(watch.error)")
    #expect(!watch.error.contains("not flashed from this computer"), "\(watch.error)")
  }

  @Test func namesAreCheckedAndFindTheBoard() throws {
    let board = try RunningBoard()
    for bad in ["auto", "a/b", "un-nom-bien-trop-long", " espace", ""] {
      let run = CLIRun(["name", bad, "--port", board.port], environment: board.environment)
      #expect(run.code == 64, "“\(bad)” is refused: \(run.error)")
    }
    let accented = CLIRun(
      ["name", "serre-é", "--port", board.port], environment: board.environment)
    #expect(accented.code == 0, "\(accented.error)")
    let ports = CLIRun(["ports", "--probe", "--lang", "en"], environment: board.environment)
    #expect(ports.out.contains("named “serre-é”"), "\(ports.out)")
    // A name with a space is fine, and the advice quotes it for the shell.
    let spaced = CLIRun(
      ["name", "Serre 3", "--port", board.port, "--lang", "en"], environment: board.environment)
    #expect(spaced.error.contains("kocode flash --port 'Serre 3' finds it"), "\(spaced.error)")
    let clear = CLIRun(["name", "--clear", "--port", "Serre 3"], environment: board.environment)
    #expect(clear.code == 0, "\(clear.error)")
    let status = try Self.status(board, board.environment)
    #expect(status["name"] as? String == "")
  }

  /// The soil moisture the program logs (its `kocode_log` of
  /// `kocode_soil_moisture`) when it starts again, from the board's telemetry.
  static func loggedMoisture(_ board: RunningBoard) throws -> Int {
    let transport = try Transports.open(path: board.port, environment: board.environment)
    defer { transport.close() }
    let client = try BoardClient(transport: transport)
    #expect(try client.run() == .ok)
    let deadline = Date(timeIntervalSinceNow: 5)
    var records: [TelemetryRecord] = []
    while Date() < deadline {
      try client.session.listen(for: .milliseconds(100))
      records += client.session.telemetry()
      if let log = records.first(where: { $0.kind == TelemetryRecord.Kind.logNumber.rawValue }) {
        return Int(log.value)
      }
    }
    Issue.record("no log in \(records)")
    return -1
  }

  @Test func calibrationChangesTheReadingAndSurvivesUploadsAndErases() throws {
    let board = try RunningBoard()
    let environment = Self.environment(board)
    try board.process.setAnalog("A0", raw: 455)
    #expect(
      CLIRun(["flash", Self.solution, "--port", board.port], environment: environment).code == 0)
    // The board file's numbers: (455 - 620) * 100 / (290 - 620) = 50 %.
    #expect(try Self.loggedMoisture(board) == 50)

    let calibrate = CLIRun(
      ["calibrate", "--port", board.port, "--dry", "700", "--wet", "400", "--lang", "en"],
      environment: environment)
    #expect(calibrate.code == 0, "\(calibrate.error)")
    #expect(calibrate.error.contains("The probe now reads 81 %"), "\(calibrate.error)")
    // (455 - 700) * 100 / (400 - 700) = 81 %, for the same voltage.
    #expect(try Self.loggedMoisture(board) == 81)

    #expect(CLIRun(["erase", "--port", board.port], environment: environment).code == 0)
    #expect(
      CLIRun(["flash", Self.solution, "--port", board.port], environment: environment).code == 0)
    #expect(try Self.loggedMoisture(board) == 81, "kept across erase and upload")
    let status = try Self.status(board, environment)
    let soil = try #require(status["soil_calibration"] as? [String: Any])
    #expect(soil["calibrated"] as? Bool == true && soil["dry"] as? Int == 700)

    let close = CLIRun(
      ["calibrate", "--port", board.port, "--dry", "500", "--wet", "480"], environment: environment)
    #expect(close.code == 65, "readings too close are refused")
    let reset = CLIRun(["calibrate", "--port", board.port, "--reset"], environment: environment)
    #expect(reset.code == 0, "\(reset.error)")
    #expect(try Self.loggedMoisture(board) == 50)
  }

  /// The walk-through as staff meet it: the real `kocode` reading Enter on
  /// its standard input while the probe's voltage changes.
  @Test func theWalkThroughMeasuresAirThenWater() throws {
    let kocode = try #require(
      kocodeExecutable(), "build the kocode executable first")
    let board = try RunningBoard()
    let process = Process()
    process.executableURL = kocode
    process.arguments = ["calibrate", "--port", board.port, "--lang", "en"]
    process.environment = ProcessInfo.processInfo.environment.merging(board.environment) { $1 }
      .merging(["KOCODE_BOARDS": CLIRun.root.appendingPathComponent("Boards").path]) { $1 }
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let said = Locked("")
    errors.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      said.update { $0 += String(decoding: data, as: UTF8.self) }
    }
    try process.run()
    func waitFor(_ text: String) -> Bool {
      let deadline = Date(timeIntervalSinceNow: 15)
      while Date() < deadline {
        if said.value.contains(text) { return true }
        Thread.sleep(forTimeInterval: 0.05)
      }
      return false
    }
    #expect(waitFor("1/2"), "\(said.value)")
    try board.process.setAnalog("A0", raw: 640)
    _ = try board.process.ping()
    input.fileHandleForWriting.write(Data("\n".utf8))
    #expect(waitFor("2/2"), "\(said.value)")
    try board.process.setAnalog("A0", raw: 300)
    _ = try board.process.ping()
    input.fileHandleForWriting.write(Data("\n".utf8))
    process.waitUntilExit()
    errors.fileHandleForReading.readabilityHandler = nil
    #expect(process.terminationStatus == 0, "\(said.value)")
    #expect(said.value.contains("In air: 640."))
    #expect(said.value.contains("In water: 300."))
    #expect(said.value.contains("probe calibrated (in air 640, in water 300)"))
    #expect(said.value.contains("The probe now reads 100 %"), "\(said.value)")
  }

  @Test func allCoversEveryBoardAtOnce() throws {
    let boards = try (0..<3).map { _ in try RunningBoard() }
    let environment = Self.environment(boards[0])
    for board in boards.dropFirst() {
      VirtualBoardRegistry.add(
        port: board.port, board: "greenhouse-uno", link: nil, environment: environment,
        pid: board.process.processIdentifier)
    }
    #expect(CLIRun(["flash", Self.solution, "--all"], environment: environment).code == 0)
    let stop = CLIRun(["stop", "--all", "--lang", "en"], environment: environment)
    #expect(stop.code == 0, "\(stop.error)")
    #expect(stop.error.components(separatedBy: "program stopped, pump off").count == 4)
    let status = CLIRun(["status", "--all", "--json"], environment: environment)
    let all = try #require(
      try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [[String: Any]])
    #expect(Set(all.compactMap { $0["port"] as? String }) == Set(boards.map(\.port)))
    #expect(all.allSatisfy { $0["state"] as? String == "stopped" })
    let name = CLIRun(["name", "x", "--all"], environment: environment)
    #expect(name.code == 64, "a name is for one board")

    // A board whose port another program holds is not left out in silence.
    let held = try Transports.open(path: boards[2].port, environment: environment)
    defer { held.close() }
    let busy = CLIRun(["start", "--all", "--lang", "en"], environment: environment)
    #expect(busy.code == 69, "\(busy.error)")
    #expect(busy.error.components(separatedBy: "program started").count == 3, "\(busy.error)")
    #expect(busy.error.contains("\(boards[2].port) is busy"), "\(busy.error)")
    let flash = CLIRun(["flash", Self.solution, "--all", "--lang", "en"], environment: environment)
    #expect(flash.code == 69)
    #expect(flash.error.contains("2 of 3 board(s) flashed."), "\(flash.error)")
  }

  /// A board without the Kocode firmware (the echo test firmware):
  /// `--all` does the boards that answer, names that one and what to do,
  /// and fails.
  @Test func allNamesABoardThatDoesNotAnswer() throws {
    try FirmwareInstallTests.buildVirtualBoardParts()
    let board = try RunningBoard()
    let silent = try RunningBoard(
      firmware: FirmwareInstallTests.vboard.appendingPathComponent("kc-echo.elf"))
    let environment = Self.environment(board)
    // The registry keeps one entry a process: each board under its own.
    for running in [board, silent] {
      VirtualBoardRegistry.add(
        port: running.port, board: "greenhouse-uno", link: nil, environment: environment,
        pid: running.process.processIdentifier)
    }
    let stop = CLIRun(["stop", "--all", "--lang", "en"], environment: environment)
    #expect(stop.code == 69, "\(stop.error)")
    #expect(stop.error.contains("\(board.port)): program stopped, pump off"), "\(stop.error)")
    #expect(
      stop.error.contains("the board on \(silent.port) does not answer as a Kocode board"),
      "\(stop.error)")
    #expect(!stop.error.contains("busy"), "each port is asked once: \(stop.error)")
  }
}

extension VirtualBoardEvent {
  func isPin(_ name: String, _ level: PinLevel) -> Bool {
    if case .pin(name, level, _) = self { return true }
    return false
  }
}

extension VirtualBoardProcess {
  /// The level a pin was last reported at.
  func level(_ name: String) -> PinLevel? {
    for event in events.reversed() {
      if case .pin(name, let level, _) = event { return level }
    }
    return nil
  }
}

/// `kocode` itself, built next to the test bundle.
func kocodeExecutable() -> URL? {
  let bundle = Bundle.main.bundleURL
  return [bundle.deletingLastPathComponent(), bundle]
    .map { $0.appendingPathComponent("kocode") }
    .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}
