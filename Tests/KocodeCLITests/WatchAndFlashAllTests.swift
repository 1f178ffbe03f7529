import Foundation
import KocodeBoard
import KocodeCompiler
import KocodeFirmware
import KocodeLink
import Testing

@testable import KocodeCLI

/// `kocode flash --all` and `kocode watch` on virtual boards: the real
/// firmware in simavr, over real pseudo-terminals, found through the
/// registry of a temporary `XDG_RUNTIME_DIR`.
@Suite(.serialized) struct WatchAndFlashAllTests {
  static let solution = CLIRun.root.appendingPathComponent(
    "Missions/water-when-dry/solution.json"
  ).path
  /// Logs the soil at once, then every minute: nothing else happens for a
  /// minute, so its trace would end at 0 ms without the board's clock.
  static let waiting = CLIRun.root.appendingPathComponent(
    "Missions/log-every-minute/solution.json"
  ).path

  static func image(_ path: String) throws -> (crc: UInt32, bytes: Int) {
    let board = try BoardCatalog(directory: CLIRun.root.appendingPathComponent("Boards"))
      .load("greenhouse-uno")
    let data = try #require(FileManager.default.contents(atPath: path))
    let image = try #require(Compiler.compile([UInt8](data), board: board).image)
    return (image.linkCRC, image.boardBytes.count)
  }

  /// A folder for the registry and the image cache, removed at the end.
  static func runtimeFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-watch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// The virtual board resets when a client opens its port after it saw
  /// the last one close (as an Uno does on DTR); opened again within the
  /// same instant, it would not, and watch would join the run mid-way.
  static func letTheBoardSeeTheHangUp() {
    Thread.sleep(forTimeInterval: 0.1)
  }

  static func environment(_ folder: URL) -> [String: String] {
    ["XDG_RUNTIME_DIR": folder.path, "KOCODE_CACHE": folder.path]
  }

  @Test func flashAllFlashesEightBoardsAtOnce() throws {
    let folder = try Self.runtimeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = Self.environment(folder)
    let boards = try (0..<8).map { _ in try RunningBoard() }
    for board in boards {
      VirtualBoardRegistry.add(
        port: board.port, board: "greenhouse-uno", link: nil, environment: environment,
        pid: board.process.processIdentifier)
    }

    let run = CLIRun(["flash", Self.solution, "--all"], environment: environment)

    #expect(run.code == 0, "\(run.error)")
    let said = (run.out + run.error).split(separator: "\n")
    let flashed = said.filter { $0.contains("program sent and verified") }
    #expect(flashed.count == 8, "\(said)")
    for board in boards {
      #expect(flashed.filter { $0.contains(board.port) }.count == 1, "\(board.port): \(said)")
    }
    #expect(said.contains { $0.contains("8 of 8 board(s) flashed") }, "\(said)")
    let expected = try Self.image(Self.solution)
    for board in boards {
      let client = try BoardClient(transport: try TermiosTransport(path: board.port))
      defer { client.session.transport.close() }
      #expect(client.info.programCRC == expected.crc, "\(board.port)")
      #expect(client.info.programLength == expected.bytes, "\(board.port)")
      #expect(client.info.state == .running, "\(board.port)")
    }
  }

  @Test func watchEndsAtTheBoardsTimeAndWritesTheDataFiles() throws {
    let board = try RunningBoard()
    let folder = try Self.runtimeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = Self.environment(folder)
    let flash = CLIRun(["flash", Self.waiting, "--port", board.port], environment: environment)
    #expect(flash.code == 0, "\(flash.error)")
    Self.letTheBoardSeeTheHangUp()
    let csv = folder.appendingPathComponent("run.csv").path
    let excel = folder.appendingPathComponent("run-excel.csv").path
    let plot = folder.appendingPathComponent("run.svg").path

    let run = CLIRun(
      [
        "watch", "--port", board.port, "--for", "2s", "--trace", "-", "--csv", csv,
        "--csv-excel", excel, "--plot", plot,
      ], environment: environment)

    #expect(run.code == 0, "\(run.error)")
    let lines = run.jsonLines
    #expect(lines.first?["type"] as? String == "start", "\(run.out)")
    #expect(lines.contains { $0["type"] as? String == "log" }, "\(run.out)")
    let last = try #require(lines.last)
    #expect(last["type"] as? String == "end")
    #expect(last["reason"] as? String == "detached")
    // The board is asked for its clock: about 2 s in, not the 0 ms of the
    // last record it sent.
    let end = try #require(last["t"] as? Int)
    #expect((1_800...3_000).contains(end), "end at \(end) ms")

    let table = try String(contentsOfFile: csv, encoding: .utf8)
    let rows = table.split(separator: "\n")
    #expect(rows.first?.hasPrefix("time_ms,clock,soil_moisture") == true, "\(table)")
    #expect(rows.last?.hasPrefix("\(end),") == true, "the table ends at \(end): \(table)")
    #expect(rows.first?.contains("humidité") == true, "the logged label: \(table)")
    let french = try #require(FileManager.default.contents(atPath: excel))
    #expect(french.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with a BOM")
    #expect(String(decoding: french, as: UTF8.self).contains(";"))
    let drawing = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(drawing.contains("<svg"))
    #expect(drawing.contains("kocode watch"))
    #expect(run.error.contains("Plot written to \(plot)"), "\(run.error)")
    #expect(run.error.contains("Data table written to \(csv)"), "\(run.error)")

    let fr = CLIRun(
      ["watch", "--port", board.port, "--for", "500ms", "--plot", plot, "--lang", "fr"],
      environment: environment)
    #expect(fr.code == 0, "\(fr.error)")
    #expect(fr.error.contains("Courbes dessinées dans \(plot)"), "\(fr.error)")

    // A file that cannot be written stops the command before it watches.
    let clock = ContinuousClock()
    let start = clock.now
    let nowhere = CLIRun(
      ["watch", "--port", board.port, "--for", "5s", "--csv", folder.path + "/no/such.csv"],
      environment: environment)
    #expect(nowhere.code == 74, "\(nowhere.error)")
    #expect(clock.now - start < .seconds(3), "it fails at once")
    #expect(FileManager.default.fileExists(atPath: csv), "the earlier table is still there")
  }

  @Test func watchGoesOnAcrossAResetAndSaysWhenTheBoardIsGone() throws {
    let board = try RunningBoard()
    let folder = try Self.runtimeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = Self.environment(folder).merging(
      ["KOCODE_BOARDS": CLIRun.root.appendingPathComponent("Boards").path, "NO_COLOR": "1"]
    ) { $1 }
    let flash = CLIRun(["flash", Self.waiting, "--port", board.port], environment: environment)
    #expect(flash.code == 0, "\(flash.error)")
    Self.letTheBoardSeeTheHangUp()
    let trace = folder.appendingPathComponent("watch.jsonl").path

    let errors = Captured()
    let code = Captured()
    let finished = DispatchSemaphore(value: 0)
    let console = Console(out: { _ in }, error: { errors.append($0) })
    let port = board.port
    Thread.detachNewThread {
      let result = Kocode.main(
        ["watch", "--port", port, "--trace", trace], console: console,
        environment: environment)
      code.append(String(result))
      finished.signal()
    }
    func events() -> [[String: Any]] {
      let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
      }
    }
    func waitFor(_ what: String, _ condition: ([[String: Any]]) -> Bool) {
      let deadline = Date(timeIntervalSinceNow: 15)
      while !condition(events()), Date() < deadline, code.text.isEmpty { usleep(50_000) }
      #expect(condition(events()), "\(what): \(events()) \(errors.text)")
    }
    func starts(_ lines: [[String: Any]]) -> Int {
      lines.filter { $0["type"] as? String == "start" }.count
    }

    waitFor("a first start and its log") { $0.count >= 2 && starts($0) == 1 }
    // Some board time passes, then the reset button.
    Thread.sleep(forTimeInterval: 1)
    try board.process.reset()
    waitFor("a second start, then an event after it") { lines in
      guard
        let second = lines.indices.filter({ lines[$0]["type"] as? String == "start" })
          .dropFirst().first
      else { return false }
      return lines.count > second + 1
    }
    let restartedAt = events().count
    Thread.sleep(forTimeInterval: 1)

    kill(board.process.processIdentifier, SIGKILL)
    #expect(finished.wait(timeout: .now() + 15) == .success, "watch did not end")
    #expect(code.text == String(ExitCode.ioError.rawValue), "exit \(code.text)")
    #expect(errors.text.contains("is gone"), "\(errors.text)")
    let lines = events()
    #expect(starts(lines) == 2, "\(lines)")
    #expect(lines.count == restartedAt + 1, "only the end after the restart's events: \(lines)")
    let last = try #require(lines.last)
    #expect(last["type"] as? String == "end")
    #expect(last["reason"] as? String == "detached")
    // Board time of the second run: about a second since its start, from
    // the computer's clock (the board can no longer be asked).
    let end = try #require(last["t"] as? Int)
    #expect((700...5_000).contains(end), "end at \(end) ms")
  }
}
