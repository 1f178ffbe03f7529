import Foundation
import KocodeBytecode
import Testing

@testable import KocodeLink

/// An upload that stops mid-way with the link still open (the computer
/// hangs, a program is killed without closing the port): the board gives
/// it up after 3 s of silence and runs its old program again by itself
/// (`docs/protocol.md`, "Reliability").
@Suite(.serialized) struct StalledUploadTests {
  @Test func aStalledUploadGivesTheOldProgramBackAfterThreeSeconds() throws {
    let board = try VirtualBoard()
    let client = try board.connect()
    defer { client.session.transport.close() }
    let old = LinkFixtures.solution("water-when-dry")
    let new = LinkFixtures.solution("button-and-auto")
    try client.flash(old)
    #expect(client.info.programCRC == old.linkCRC)

    // BEGIN and the first chunk of the new image, then nothing at all.
    let bytes = new.boardBytes
    var begin: [UInt8] = []
    Bytes.put(UInt32(bytes.count), 2, into: &begin)
    Bytes.put(new.linkCRC, 4, into: &begin)
    let began = try client.session.request(Request(.begin, begin, timeout: .milliseconds(400)))
    #expect(began.knownStatus == .ok)
    var chunk: [UInt8] = []
    Bytes.put(0, 2, into: &chunk)
    chunk += bytes.prefix(BoardClient.chunkBytes / 2)
    #expect(try client.session.request(Request(.chunk, chunk)).knownStatus == .ok)
    _ = client.session.telemetry()
    let clock = ContinuousClock()
    let silent = clock.now

    // The board says nothing either until it starts the old program again.
    var restartedAfter: Duration?
    while restartedAfter == nil, clock.now - silent < .seconds(5) {
      try client.session.listen(for: .milliseconds(20))
      if client.session.telemetry().contains(where: { $0.knownKind == .start }) {
        restartedAfter = clock.now - silent
      }
    }
    let after = try #require(restartedAfter, "no start record within 5 s of silence")
    #expect(after >= .milliseconds(2_900) && after <= .milliseconds(3_600), "after \(after)")

    let info = try client.refresh()
    #expect(info.state == .running)
    #expect(info.programCRC == old.linkCRC)
    #expect(info.programLength == old.boardBytes.count)

    // The link is usable again: the new program goes through in full.
    try client.flash(new)
    #expect(client.info.programCRC == new.linkCRC)
    #expect(client.info.state == .running)
  }
}
