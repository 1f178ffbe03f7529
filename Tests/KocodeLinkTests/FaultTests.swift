import Foundation
import KocodeBytecode
import KocodeCompiler
import KocodeFirmware
import KocodeLink
import Testing

/// Uploads through a proxy that breaks the link in every way it can: the
/// board must never run a corrupt program, the old one must survive, and
/// `flash` must never claim a success that did not happen.
@Suite(.serialized) struct FaultTests {
  /// The largest mission solution: the most chunks.
  static let large: Image = {
    let names = ["button-and-auto", "broken-probe", "hysteresis", "no-water-at-night"]
    return names.map { LinkFixtures.solution($0) }
      .max { $0.boardBytes.count < $1.boardBytes.count }!
  }()
  /// A program that runs for ever: "running" after every reboot.
  static let small = LinkFixtures.solution("water-when-dry")

  @Test func uploadsSucceedThroughOnePercentCorruption() throws {
    let board = try VirtualBoard()
    for seed in 1...4 {
      let faults = FaultProxy.Faults(
        dropPPM: 2_000, corruptPPM: 10_000, duplicatePPM: 2_000, delayPPM: 50_000,
        seed: UInt64(seed))
      let proxy = FaultProxy(try TermiosTransport(path: board.port), faults: faults)
      let client = try BoardClient(transport: proxy, within: .seconds(8))
      client.session.attempts = 12
      let image = seed % 2 == 0 ? Self.small : Self.large
      try client.flash(image)
      #expect(client.info.programCRC == image.linkCRC)
      #expect(client.session.retries > 0 || seed > 1, "faults that never hit test nothing")
      proxy.close()
    }
  }

  @Test func cuttingTheLinkAtEveryChunkKeepsTheOldProgram() throws {
    let board = try VirtualBoard()
    let first = try board.connect()
    try first.flash(Self.small)
    first.session.transport.close()
    let chunks = (Self.large.boardBytes.count + BoardClient.chunkBytes - 1) / BoardClient.chunkBytes
    // After the hello: begin, the chunks, commit; cut before each but begin.
    for cut in 1...(1 + chunks) {
      let proxy = FaultProxy(try TermiosTransport(path: board.port))
      let client = try BoardClient(transport: proxy)
      proxy.cutAfterFrames = proxy.framesWritten + cut
      #expect(throws: FlashError.self) { try client.flash(Self.large) }
      proxy.close()
      Self.letTheBoardSeeTheHangUp()
      let after = try board.connect()
      #expect(after.info.programCRC == Self.small.linkCRC, "cut after \(cut) frames")
      #expect(after.info.state == .running, "cut after \(cut) frames")
      after.session.transport.close()
    }
  }

  @Test func resettingTheBoardAtEveryChunkNeverLeavesACorruptProgram() throws {
    let board = try VirtualBoard()
    let first = try board.connect()
    try first.flash(Self.small)
    first.session.transport.close()
    let chunks = (Self.large.boardBytes.count + BoardClient.chunkBytes - 1) / BoardClient.chunkBytes
    for frame in 2...(3 + chunks) {
      let proxy = FaultProxy(try TermiosTransport(path: board.port))
      let client = try BoardClient(transport: proxy)
      let start = proxy.framesWritten
      let process = board.process
      proxy.afterFrame = { written in
        if written == start + frame { try? process.reset() }
      }
      client.session.attempts = 2
      var reported = false
      do {
        try client.flash(Self.large)
        reported = true
      } catch {}
      proxy.close()
      Self.letTheBoardSeeTheHangUp()
      let after = try board.connect()
      let crc = after.info.programCRC
      #expect(
        crc == Self.small.linkCRC || crc == Self.large.linkCRC, "reset after frame \(frame)")
      if reported { #expect(crc == Self.large.linkCRC, "success claimed, reset \(frame)") }
      #expect(after.info.state == .running)
      // Back to the small program for the next round.
      if crc != Self.small.linkCRC { try after.flash(Self.small) }
      after.session.transport.close()
    }
  }

  /// The virtual board resets when a client opens its port after it saw
  /// the last one close (as an Uno does on DTR); a port closed and opened
  /// again within the same instant would not reset it.
  static func letTheBoardSeeTheHangUp() {
    Thread.sleep(forTimeInterval: 0.1)
  }
}
