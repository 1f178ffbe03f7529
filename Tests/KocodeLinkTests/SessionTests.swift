import Foundation
import Testing

@testable import KocodeLink

/// The session's retries, in memory: a responder that acks every request
/// it can read, behind a proxy that breaks bytes both ways.
@Suite struct SessionTests {
  /// Acks each good frame with its type and sequence until the link closes.
  static func respond(on end: MemoryTransport) {
    Thread.detachNewThread {
      var decoder = FrameDecoder()
      while let bytes = try? end.read(timeout: .seconds(5)) {
        for frame in decoder.feed(bytes) {
          let ack = Frame(.ack, seq: frame.seq, payload: [frame.type, 0] + frame.payload.prefix(4))
          try? end.write(ack.wire)
        }
      }
    }
  }

  @Test func everyRequestIsAnsweredInOrderDespiteFaults() throws {
    let (host, board) = MemoryTransport.pair()
    Self.respond(on: board)
    let faults = FaultProxy.Faults(dropPPM: 5_000, corruptPPM: 10_000, duplicatePPM: 5_000)
    let session = LinkSession(transport: FaultProxy(host, faults: faults))
    session.attempts = 20
    let requests = (0..<200).map { index in
      Request(.chunk, [UInt8(index & 0xFF), UInt8(index >> 8)], timeout: .milliseconds(30))
    }
    let acks = try session.exchange(requests, window: 2)
    #expect(acks.map { Array($0.data.prefix(2)) } == requests.map(\.payload))
    #expect(session.retries > 0, "the faults must have hit something")
    host.close()
  }

  @Test func aSilentBoardIsNoAnswerNotAHang() {
    let (host, _) = MemoryTransport.pair()
    let session = LinkSession(transport: host)
    session.attempts = 2
    #expect(throws: LinkError.noAnswer("memory:a")) {
      _ = try session.request(Request(.hello, timeout: .milliseconds(20)))
    }
  }
}
