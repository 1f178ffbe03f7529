import Foundation
import KocodeFirmware
import KocodeLink
import Testing

/// The libserialport transport, the choice between it and termios, and
/// the port scanner, against virtual boards. libserialport cannot open a
/// pseudo-terminal by itself (`hardware.md`): its own path runs in a child
/// `kocode` with the TIOCM shim preloaded and the board behind a
/// `/dev/../../../<dir>/ttySIM0` link.
@Suite(.serialized) struct SerialPortTransportTests {
  /// A folder for a registry and links, removed at the end.
  final class Scratch {
    let folder: URL

    init() throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("kocode-serial-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var environment: [String: String] { ["XDG_RUNTIME_DIR": folder.path] }

    /// A path that libserialport accepts (under `/dev/`, and its last part
    /// names no sysfs device it could check) and that leads to `port`.
    func devLink(to port: String) throws -> String {
      let link = folder.appendingPathComponent("ttySIM0").path
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: port)
      return "/dev/../../.." + link
    }
  }

  @Test func aMissingPortIsNoSuchPort() {
    #expect(throws: LinkError.noSuchPort("/dev/ttyACM-kocode-absent")) {
      try SerialPortTransport(path: "/dev/ttyACM-kocode-absent")
    }
    #expect(throws: LinkError.noSuchPort("/dev/ttyACM-kocode-absent")) {
      try Transports.open(path: "/dev/ttyACM-kocode-absent", environment: [:])
    }
  }

  @Test func pseudoTerminalsGoThroughTermiosAndTheRestThroughLibserialport() throws {
    let board = try VirtualBoard()
    let scratch = try Scratch()
    let link = try scratch.devLink(to: board.port)
    #expect(Transports.kind(for: board.port, environment: [:]) == .termios)
    #expect(Transports.kind(for: link, environment: [:]) == .termios)
    #expect(Transports.kind(for: "/dev/ttyACM0", environment: [:]) == .serialport)
    #expect(Transports.kind(for: "/dev/ttyUSB3", environment: [:]) == .serialport)
    let forced = ["KOCODE_TRANSPORT": "serialport"]
    #expect(Transports.kind(for: board.port, environment: forced) == .serialport)
    #expect(
      Transports.kind(for: "/dev/ttyACM0", environment: ["KOCODE_TRANSPORT": "termios"])
        == .termios)

    let transport = try Transports.open(path: link, environment: [:])
    #expect(transport is TermiosTransport)
    let client = try BoardClient(transport: transport)
    #expect(client.info.name == "test")
    transport.close()
  }

  /// Without the shim, libserialport fails on the pty's missing modem
  /// lines: the reason the transports are chosen by path.
  @Test func libserialportAloneCannotOpenAPseudoTerminal() throws {
    let preloaded = ProcessInfo.processInfo.environment["LD_PRELOAD"] ?? ""
    try #require(!preloaded.contains("tiocm"), "the shim is preloaded in this process")
    let board = try VirtualBoard()
    let scratch = try Scratch()
    let link = try scratch.devLink(to: board.port)
    #expect {
      try SerialPortTransport(path: link)
    } throws: { error in
      guard case LinkError.system = error else { return false }
      return true
    }
  }

  @Test func theScannerListsAndProbesARegisteredVirtualBoard() throws {
    let board = try VirtualBoard()
    let scratch = try Scratch()
    VirtualBoardRegistry.add(
      port: board.port, board: "greenhouse-uno", link: nil, environment: scratch.environment)
    // A board whose process is gone is not listed.
    VirtualBoardRegistry.add(
      port: "/dev/pts/999", board: "greenhouse-uno", link: nil,
      environment: scratch.environment, pid: Self.deadPID())

    let scanner = PortScanner(environment: scratch.environment)
    let virtual = scanner.scan().filter { $0.kind == .virtual }
    #expect(virtual.map(\.port) == [board.port])
    let port = try #require(virtual.first)
    #expect(port.guess == .virtualBoard)
    #expect(port.virtualBoard == "greenhouse-uno")

    guard case .kocode(let info) = scanner.probe(port) else {
      Issue.record("no hello from \(port.port)")
      return
    }
    #expect(info.name == "test")
    #expect(info.boardID == 1)
    #expect(info.firmwareVersion >= BoardInfo.minimumFirmware)
  }

  @Test func usbIdsGiveAPlainGuess() {
    #expect(ScannedPort.guess(0x2341, 0x0043) == .arduinoUno)
    #expect(ScannedPort.guess(0x2341, 0x0001) == .arduinoUno)
    #expect(ScannedPort.guess(0x1a86, 0x7523) == .ch340)
    #expect(ScannedPort.guess(0x0403, 0x6001) == .ftdi)
    #expect(ScannedPort.guess(0x10c4, 0xea60) == .cp2102)
    #expect(ScannedPort.guess(0x2341, 0x0042) == .unknown)
    #expect(ScannedPort.guess(nil, nil) == .unknown)
  }

  /// The hello through libserialport itself: `kocode ports --probe --json`
  /// in a child process, with `KOCODE_TRANSPORT=serialport` and the shim
  /// preloaded; the shim also logs what the host did with DTR.
  @Test func aHelloThroughLibserialportWithTheShim() throws {
    let kocode = try #require(Self.kocodeExecutable(), "build the kocode executable first")
    let shim = try Self.buildShim()
    let board = try VirtualBoard()
    let scratch = try Scratch()
    let link = try scratch.devLink(to: board.port)
    VirtualBoardRegistry.add(
      port: link, board: "greenhouse-uno", link: nil, environment: scratch.environment)
    let dtrLog = scratch.folder.appendingPathComponent("dtr.log")

    var environment = ProcessInfo.processInfo.environment
    environment["XDG_RUNTIME_DIR"] = scratch.folder.path
    environment["KOCODE_BOARDS"] = LinkFixtures.root.appendingPathComponent("Boards").path
    environment["KOCODE_TRANSPORT"] = "serialport"
    environment["LD_PRELOAD"] = shim.path
    environment["KC_TIOCM_LOG"] = dtrLog.path
    let (status, output) = try Self.run(kocode, ["ports", "--probe", "--json"], environment)
    #expect(status == 0, "\(output)")
    let ports = try #require(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]],
      "not a JSON array: \(output)")
    let entry = try #require(ports.first { $0["port"] as? String == link }, "\(output)")
    #expect(entry["kind"] as? String == "virtual")
    #expect(entry["probe"] as? String == "kocode")
    let hello = try #require(entry["kocode"] as? [String: Any], "\(output)")
    #expect(hello["name"] as? String == "test")
    #expect(hello["board"] as? String == "greenhouse-uno")
    // Closing the port dropped DTR: the next open resets an Uno.
    let log = (try? String(contentsOf: dtrLog, encoding: .utf8)) ?? ""
    #expect(log.contains("dtr 0"), "DTR log: \(log)")
  }

  // MARK: - Helpers

  /// A pid that no process has: a child that has exited and been reaped.
  static func deadPID() -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try? process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  /// `kocode`, built next to the test bundle.
  static func kocodeExecutable() -> URL? {
    let bundle = Bundle.main.bundleURL
    let candidates = [
      bundle.deletingLastPathComponent().appendingPathComponent("kocode"),
      bundle.appendingPathComponent("kocode"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static func buildShim() throws -> URL {
    let folder = LinkFixtures.root.appendingPathComponent("VirtualBoard").path
    let (status, output) = try run(
      URL(fileURLWithPath: "/usr/bin/make"), ["-s", "-C", folder, "tiocm-shim"],
      ProcessInfo.processInfo.environment)
    guard status == 0 else { throw ShimError(text: output) }
    return LinkFixtures.root.appendingPathComponent(".build/vboard/kc-tiocm-shim.so")
  }

  struct ShimError: Error {
    var text: String
  }

  /// Runs a program; its exit status and standard output.
  static func run(
    _ executable: URL, _ arguments: [String], _ environment: [String: String]
  ) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
