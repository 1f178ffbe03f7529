import Foundation
import KocodeBytecode
import KocodeLink
import Testing

/// The link to the real firmware in the simulator, over a real
/// pseudo-terminal.
@Suite(.serialized) struct VirtualBoardLinkTests {
  @Test func aBlankBoardSaysHelloAndTakesAProgram() throws {
    let board = try VirtualBoard()
    let client = try board.connect()
    #expect(client.info.protocolVersion == 1)
    #expect(client.info.boardID == 1)
    #expect(client.info.state == .empty)
    #expect(client.info.name == "test")

    let image = LinkFixtures.solution("water-when-dry")
    var seen: [Int] = []
    try client.flash(image) { sent, _ in seen.append(sent) }
    #expect(seen.last == image.boardBytes.count)
    #expect(client.info.programCRC == image.linkCRC)
    #expect(client.info.state == .running)

    try client.session.listen(for: .milliseconds(300))
    let records = client.session.telemetry()
    #expect(records.contains { $0.kind == 1 }, "a start event: \(records)")
  }
}
