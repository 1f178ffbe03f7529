import Foundation
import KocodeFirmware
import Testing

/// The driver of `kc-vboard`: its event lines and its failures.
@Suite struct VirtualBoardProcessTests {
  @Test func eventLinesAreRead() {
    let time = VirtualBoardTime(cycle: 16_000, microseconds: 1_000)
    #expect(VirtualBoardEvent(line: "pin D7 1 at 16000 us 1000") == .pin("D7", .high, time))
    #expect(VirtualBoardEvent(line: "pin D13 z at 16000 us 1000") == .pin("D13", .floating, time))
    #expect(
      VirtualBoardEvent(line: "reset at 16000 us 1000 cause open") == .reset(cause: "open", time))
    #expect(VirtualBoardEvent(line: "pong at 16000 us 1000") == .pong(time))
    #expect(VirtualBoardEvent(line: "stopped at 16000 us 1000") == .stopped(time))
    #expect(VirtualBoardEvent(line: "error no such pin") == .error("no such pin"))
    #expect(VirtualBoardEvent(line: "ready") == .ready)
    #expect(VirtualBoardEvent(line: "pin D7 2 at x") == .other("pin D7 2 at x"))
  }

  @Test func aFileThatIsNoFirmwareFailsWithTheBoardsReason() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-not-elf-\(UUID().uuidString).elf")
    try Data("hello".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = VirtualBoardProcess(executable: try Fixtures.virtualBoard(), firmware: file)
    defer { process.stop() }
    #expect {
      try process.start()
    } throws: { error in
      guard case FirmwareError.virtualBoardFailed(let reason) = error else { return false }
      return reason.contains("not an ELF")
    }
  }
}
