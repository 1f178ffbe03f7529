import Foundation

/// Statuses of an ack (`docs/protocol.md`, "Statuses").
public enum AckStatus: UInt8, Sendable {
  case ok = 0
  case unknown = 1
  case badRequest = 2
  case tooLarge = 3
  case noUpload = 4
  case crc = 5
  case refused = 6
  case busy = 7
  case noProgram = 8
  case noSensor = 9
}

/// A board's answer to one request.
public struct Ack: Sendable, Equatable {
  public var requestType: UInt8
  public var status: UInt8
  public var data: [UInt8]

  public var knownStatus: AckStatus? { AckStatus(rawValue: status) }
}

/// One request to send, with the time its answer may take.
public struct Request: Sendable {
  public var kind: Frame.Kind
  public var payload: [UInt8]
  public var timeout: Duration

  public init(_ kind: Frame.Kind, _ payload: [UInt8] = [], timeout: Duration = .milliseconds(300)) {
    self.kind = kind
    self.payload = payload
    self.timeout = timeout
  }
}

/// The computer's side of the link: requests acknowledged one by one,
/// several in flight at once (go-back-N: on a nak or a timeout, the oldest
/// unanswered request and everything after it go again). Every request is
/// idempotent on the board, so a request sent twice does no harm.
/// Telemetry that arrives meanwhile is kept, in order, for `telemetry()`.
public final class LinkSession {
  public let transport: any Transport
  /// Tries per request before the link counts as lost.
  public var attempts = 6
  private var decoder = FrameDecoder()
  private var nextSeq: UInt8 = 1
  private var records: [TelemetryRecord] = []
  /// Telemetry sequence numbers that did not arrive.
  public private(set) var missedTelemetry = 0
  private var lastTelemetrySeq: UInt8?
  /// Requests sent again, over the session.
  public private(set) var retries = 0

  public init(transport: any Transport) {
    self.transport = transport
  }

  private func takeSeq() -> UInt8 {
    let seq = nextSeq
    nextSeq = nextSeq == 255 ? 1 : nextSeq + 1
    return seq
  }

  /// Sends one request and waits for its ack.
  public func request(_ request: Request) throws(LinkError) -> Ack {
    try exchange([request], window: 1)[0]
  }

  /// Sends requests in order, at most `window` unanswered at once, and
  /// returns their acks in order. `progress` hears how many are answered.
  public func exchange(
    _ requests: [Request], window: Int, progress: (Int) -> Void = { _ in }
  ) throws(LinkError) -> [Ack] {
    let seqs = requests.map { _ in takeSeq() }
    var acks = [Ack?](repeating: nil, count: requests.count)
    var sentAt = [ContinuousClock.Instant?](repeating: nil, count: requests.count)
    var tries = [Int](repeating: 0, count: requests.count)
    let clock = ContinuousClock()
    var base = 0
    var next = 0
    while base < requests.count {
      while next < requests.count && next - base < max(1, window) {
        if acks[next] == nil {
          let request = requests[next]
          try transport.write(Frame(request.kind, seq: seqs[next], payload: request.payload).wire)
          sentAt[next] = clock.now
          tries[next] += 1
        }
        next += 1
      }
      let deadline = sentAt[base]! + requests[base].timeout
      let bytes = try transport.read(timeout: max(.zero, deadline - clock.now))
      var resend = false
      for frame in decoder.feed(bytes) {
        switch frame.kind {
        case .ack:
          guard frame.payload.count >= 2,
            let index = (base..<next).first(where: { seqs[$0] == frame.seq }),
            requests[index].kind.rawValue == frame.payload[0]
          else { continue }
          acks[index] = Ack(
            requestType: frame.payload[0], status: frame.payload[1],
            data: Array(frame.payload.dropFirst(2)))
        case .nak:
          resend = true
        case .event:
          keep(frame)
        default:
          continue
        }
      }
      let before = base
      while base < requests.count, acks[base] != nil { base += 1 }
      if base != before { progress(base) }
      if base < requests.count && base < next && (resend || clock.now >= deadline) {
        guard tries[base] < attempts else { throw LinkError.noAnswer(transport.name) }
        retries += next - base
        // Go back: everything unanswered from the oldest on goes again.
        next = base
      }
    }
    return acks.map { $0! }
  }

  private func keep(_ frame: Frame) {
    guard let record = TelemetryRecord(frame) else { return }
    if let last = lastTelemetrySeq {
      missedTelemetry += Int(frame.seq &- last &- 1)
    }
    lastTelemetrySeq = frame.seq
    records.append(record)
  }

  /// Telemetry received so far, then forgotten.
  public func telemetry() -> [TelemetryRecord] {
    defer { records.removeAll() }
    return records
  }

  /// Reads for `duration` and keeps the telemetry that comes.
  public func listen(for duration: Duration) throws(LinkError) {
    let clock = ContinuousClock()
    let end = clock.now + duration
    while clock.now < end {
      let bytes = try transport.read(timeout: end - clock.now)
      for frame in decoder.feed(bytes) where frame.kind == .event { keep(frame) }
    }
  }

  /// The board's hello, sent again every `every` until it answers or
  /// `within` has passed: after a reset (which opening an Uno's port
  /// causes) the board needs a moment before it listens.
  public func hello(
    within: Duration = .seconds(4), every: Duration = .milliseconds(250)
  ) throws(LinkError) -> BoardInfo {
    let clock = ContinuousClock()
    let end = clock.now + within
    let saved = attempts
    attempts = 1
    defer { attempts = saved }
    // A lone delimiter ends whatever the board had half received.
    try transport.write([0])
    while true {
      do throws(LinkError) {
        let ack = try request(Request(.hello, timeout: every))
        if ack.status == AckStatus.ok.rawValue, let info = BoardInfo(data: ack.data) {
          return info
        }
        throw LinkError.noAnswer(transport.name)
      } catch {
        guard case .noAnswer = error, clock.now < end else { throw error }
      }
    }
  }
}
