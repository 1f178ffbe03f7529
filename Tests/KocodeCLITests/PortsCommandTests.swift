import Foundation
import KocodeBoard
import KocodeCLI
import KocodeFirmware
import KocodeLink
import Testing

/// `kocode ports`: a running virtual board is listed, `--probe` gets its
/// hello, and `--json` is one valid JSON array.
@Suite(.serialized) struct PortsCommandTests {
  @Test func listsAndProbesARunningVirtualBoard() throws {
    let board = try RunningBoard()
    let environment = board.environment

    let plain = CLIRun(["ports", "--lang", "en"], environment: environment)
    #expect(plain.code == 0, "\(plain.error)")
    let line = try #require(
      plain.out.split(separator: "\n").first { $0.hasPrefix(board.port + " ") }, "\(plain.out)")
    #expect(line.contains("virtual board greenhouse-uno"))

    let probed = CLIRun(["ports", "--probe", "--lang", "en"], environment: environment)
    #expect(probed.code == 0, "\(probed.error)")
    #expect(probed.error.contains("restarts"), "the reset is announced: \(probed.error)")
    let lines = probed.out.split(separator: "\n").map(String.init)
    let index = try #require(lines.firstIndex { $0.hasPrefix(board.port + " ") })
    #expect(
      lines[index + 1]
        == "    Kocode board: firmware 3, board greenhouse-uno (#1), named “truck-1”")

    let french = CLIRun(["ports", "--probe", "--lang", "fr"], environment: environment)
    #expect(french.out.contains("carte Kocode : firmware 3, carte greenhouse-uno (n° 1)"))
  }

  @Test func jsonIsOneArrayWithTheBoardAndItsHello() throws {
    let board = try RunningBoard()
    let listed = CLIRun(["ports", "--json"], environment: board.environment)
    #expect(listed.code == 0)
    let ports = try #require(
      try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
    let entry = try #require(ports.first { $0["port"] as? String == board.port })
    #expect(entry["kind"] as? String == "virtual")
    #expect(entry["guess"] as? String == "virtual_board")
    #expect(entry["vid"] is NSNull && entry["pid"] is NSNull)
    #expect(entry["kocode"] is NSNull, "no hello without --probe")
    #expect(entry["probe"] == nil)

    let probed = CLIRun(["ports", "--probe", "--json"], environment: board.environment)
    let after = try #require(
      try JSONSerialization.jsonObject(with: Data(probed.out.utf8)) as? [[String: Any]])
    let answered = try #require(after.first { $0["port"] as? String == board.port })
    #expect(answered["probe"] as? String == "kocode")
    let hello = try #require(answered["kocode"] as? [String: Any])
    #expect(hello["firmware"] as? Int == 3)
    #expect(hello["board_id"] as? Int == 1)
    #expect(hello["board"] as? String == "greenhouse-uno")
    #expect(hello["name"] as? String == "truck-1")
    #expect(hello["program_crc"] is NSNull)
  }

  @Test func aBoardWhoseProcessIsGoneIsNotListed() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-ports-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = ["XDG_RUNTIME_DIR": folder.path]
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    VirtualBoardRegistry.add(
      port: "/dev/pts/998", board: "greenhouse-uno", link: nil, environment: environment,
      pid: gone.processIdentifier)
    let run = CLIRun(["ports", "--json"], environment: environment)
    #expect(!run.out.contains("/dev/pts/998"))
  }
}

/// The real firmware in the simulator, registered as `kocode board sim`
/// registers it, in a registry of its own; stopped at the end.
final class RunningBoard {
  let process: VirtualBoardProcess
  let port: String
  let folder: URL

  init(bootloader: URL? = nil, firmware: URL? = nil) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-cli-board-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let board = try BoardCatalog(directory: CLIRun.root.appendingPathComponent("Boards"))
      .load("greenhouse-uno")
    let slots = ProgramSlots(board: board)
    var bytes = slots.blank()
    slots.write(config: .init(seed: 1, boardName: "truck-1"), into: &bytes)
    let eeprom = folder.appendingPathComponent("eeprom.bin")
    try Data(bytes).write(to: eeprom)
    let elf = try firmware ?? FirmwareBuilder(projectRoot: CLIRun.root, board: board).build().elf
    process = VirtualBoardProcess(
      executable: try VirtualBoardProcess.buildIfMissing(projectRoot: CLIRun.root),
      firmware: elf,
      options: .init(
        mcu: board.mcu, eeprom: eeprom,
        extraArguments: bootloader.map { ["--bootloader", $0.path] } ?? []))
    port = try process.start()
    VirtualBoardRegistry.add(
      port: port, board: board.name, link: nil, environment: environment)
  }

  deinit {
    process.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  var environment: [String: String] { ["XDG_RUNTIME_DIR": folder.path] }
}
