import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeLink

/// One virtual board for the link figures: the real firmware in simavr,
/// paced to wall time, behind a pseudo-terminal, with a blank EEPROM.
final class BenchBoard {
  let process: VirtualBoardProcess
  let port: String
  private let folder: URL

  init(board: BoardDefinition, firmware: URL, executable: URL) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let slots = ProgramSlots(board: board)
    var bytes = slots.blank()
    slots.write(config: .init(seed: 1, boardName: "bench"), into: &bytes)
    let eeprom = folder.appendingPathComponent("eeprom.bin")
    try Data(bytes).write(to: eeprom)
    process = VirtualBoardProcess(
      executable: executable, firmware: firmware, options: .init(mcu: board.mcu, eeprom: eeprom))
    port = try process.start()
  }

  deinit {
    process.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  /// Opens the port and waits for the hello: the reset wait, which the
  /// figures leave out.
  func connect() throws -> BoardClient {
    try BoardClient(transport: try TermiosTransport(path: port))
  }
}

/// What one flash took, from the first request to the program running.
struct FlashTiming {
  /// From BEGIN to the board's `start` record, in seconds.
  var toRunning: Double
  /// From the first chunk sent to the last chunk acknowledged, in seconds.
  var chunks: Double
  /// From BEGIN to the first chunk, and from the last chunk's ack to the
  /// board's confirmation (COMMIT, then HELLO), in seconds.
  var begin: Double = 0
  var commit: Double = 0
  /// Board time (simulated cycles) and wall time between two pings of
  /// the board's control channel around the flash, in seconds: equal when
  /// the simulation keeps pace with wall time.
  var boardSeconds: Double?
  var wallSeconds: Double?

  /// Flashes `image` and waits for the program's `start` record: the
  /// program runs then, not merely once its CRC is confirmed.
  static func measure(
    _ image: Image, on client: BoardClient, board: VirtualBoardProcess? = nil
  ) throws -> FlashTiming {
    _ = client.session.telemetry()
    let clock = ContinuousClock()
    let before = try board?.ping()
    let pinged = clock.now
    let start = clock.now
    var firstChunk: ContinuousClock.Instant?
    var lastChunk = start
    try client.flash(image) { sent, total in
      if sent == 0 { firstChunk = clock.now }
      if sent == total { lastChunk = clock.now }
    }
    let confirmed = clock.now
    let deadline = clock.now + .seconds(2)
    while !client.session.telemetry().contains(where: { $0.knownKind == .start }) {
      guard clock.now < deadline else { throw BenchFailure("no start record after a flash") }
      try client.session.listen(for: .milliseconds(1))
    }
    let running = clock.now
    let after = try board?.ping()
    var timing = FlashTiming(
      toRunning: seconds(running - start), chunks: seconds(lastChunk - (firstChunk ?? start)),
      begin: seconds((firstChunk ?? start) - start), commit: seconds(confirmed - lastChunk))
    if let before, let after {
      timing.boardSeconds = Double(after.microseconds - before.microseconds) / 1e6
      timing.wallSeconds = seconds(clock.now - pinged)
    }
    return timing
  }
}

struct BenchFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The middle value (the lower of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
}
