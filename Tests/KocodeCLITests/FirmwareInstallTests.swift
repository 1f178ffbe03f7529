import Foundation
import KocodeCLI
import KocodeLink
import Testing

/// `kocode firmware install` end to end: the virtual board runs the real
/// Optiboot, avrdude writes the Kocode firmware through the
/// pseudo-terminal, and the board then answers a Kocode hello.
@Suite(.serialized) struct FirmwareInstallTests {
  static let vboard = CLIRun.root.appendingPathComponent(".build/vboard")

  /// Optiboot and the echo test firmware, built by `make -C VirtualBoard`.
  static func buildVirtualBoardParts() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
    process.arguments = [
      "-s", "-C", CLIRun.root.appendingPathComponent("VirtualBoard").path, "all", "optiboot",
    ]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "make -C VirtualBoard all optiboot failed")
  }

  @Test func installsThroughOptibootAndTheBoardAnswers() throws {
    try Self.buildVirtualBoardParts()
    // The board starts with the echo test firmware: no Kocode board yet.
    let board = try RunningBoard(
      bootloader: Self.vboard.appendingPathComponent("optiboot_atmega328.hex"),
      firmware: Self.vboard.appendingPathComponent("kc-echo.elf"))
    let before = try TermiosTransport(path: board.port)
    #expect(throws: LinkError.noAnswer(board.port)) {
      try BoardClient(transport: before, within: .seconds(3))
    }
    before.close()

    let clock = ContinuousClock()
    let start = clock.now
    let run = CLIRun(
      ["firmware", "install", "--port", board.port, "--lang", "en"],
      environment: board.environment)
    let took = clock.now - start
    #expect(run.code == 0, "\(run.error)")
    #expect(run.out == "Firmware 3 installed on \(board.port): the greenhouse-uno board answers.\n")
    #expect(run.error.contains("the board restarts into its bootloader"))
    #expect(run.error.contains("Written and verified in "), "\(run.error)")
    print("firmware install through Optiboot: \(took); \(run.error)")

    // The firmware stays: a fresh open gets the hello, with the EEPROM's name.
    let client = try BoardClient(transport: try TermiosTransport(path: board.port))
    #expect(client.info.boardID == 1)
    #expect(client.info.name == "truck-1")
  }

  @Test func noBootloaderListeningIsNotInSync() throws {
    try Self.buildVirtualBoardParts()
    // The echo firmware answers avrdude's sync with its own bytes.
    let board = try RunningBoard(firmware: Self.vboard.appendingPathComponent("kc-echo.elf"))
    let run = CLIRun(
      ["firmware", "install", "--port", board.port, "--lang", "fr"],
      environment: board.environment)
    #expect(run.code == 69)
    #expect(run.error.contains("ne répond pas à avrdude (« not in sync »)"), "\(run.error)")
    #expect(run.error.contains("appuie sur le bouton reset"))
  }

  @Test func aMissingPortExits74() {
    let run = CLIRun(["firmware", "install", "--port", "/dev/ttyACM-kocode-absent"])
    #expect(run.code == 74)
    #expect(run.error.contains("no such port: /dev/ttyACM-kocode-absent"), "\(run.error)")
  }

  @Test func installWithoutAnyPortExits69() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-noports-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = CLIRun(
      ["firmware", "install", "--lang", "en"], environment: ["XDG_RUNTIME_DIR": folder.path])
    // A computer with a USB serial port plugged in would pick it: only
    // check the message when there is none.
    let usb = PortScanner(environment: [:]).scan().contains { $0.kind == .usb }
    if !usb {
      #expect(run.code == 69)
      #expect(run.error.contains("no board plugged in"), "\(run.error)")
    }
  }

  @Test func buildRefusesAPort() {
    #expect(CLIRun(["firmware", "build", "--port", "/dev/ttyACM0"]).code == 64)
    #expect(CLIRun(["firmware", "flash"]).code == 64)
  }
}
