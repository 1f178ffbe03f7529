import Foundation

/// Two transports joined in memory, for unit tests: what one writes, the
/// other reads, through a fault injector that may drop, corrupt or
/// duplicate bytes, deterministically from a seed.
public final class MemoryTransport: Transport, @unchecked Sendable {
  public struct Faults: Sendable {
    /// Per byte, in parts per million.
    public var dropPPM = 0
    public var corruptPPM = 0
    public var duplicatePPM = 0
    /// After this many bytes written, the link is cut.
    public var cutAfter: Int?
    public var seed: UInt64 = 1

    public init(
      dropPPM: Int = 0, corruptPPM: Int = 0, duplicatePPM: Int = 0, cutAfter: Int? = nil,
      seed: UInt64 = 1
    ) {
      self.dropPPM = dropPPM
      self.corruptPPM = corruptPPM
      self.duplicatePPM = duplicatePPM
      self.cutAfter = cutAfter
      self.seed = seed
    }
  }

  /// The queue and state both ends share.
  private final class Wire: @unchecked Sendable {
    let condition = NSCondition()
    var queues: [[UInt8]] = [[], []]
    var closed = false
  }

  public let name: String
  private let wire: Wire
  private let side: Int
  private var faults: Faults
  private var random: UInt64
  private var written = 0

  private init(name: String, wire: Wire, side: Int, faults: Faults) {
    self.name = name
    self.wire = wire
    self.side = side
    self.faults = faults
    random = faults.seed | 1
  }

  /// Two ends: bytes written by the first (faults applied) are read by the
  /// second, and back.
  public static func pair(
    _ faults: Faults = Faults(), back: Faults = Faults()
  ) -> (MemoryTransport, MemoryTransport) {
    let wire = Wire()
    return (
      MemoryTransport(name: "memory:a", wire: wire, side: 0, faults: faults),
      MemoryTransport(name: "memory:b", wire: wire, side: 1, faults: back)
    )
  }

  private func chance(_ ppm: Int) -> Bool {
    guard ppm > 0 else { return false }
    random ^= random << 13
    random ^= random >> 7
    random ^= random << 17
    return Int(random % 1_000_000) < ppm
  }

  public func write(_ bytes: [UInt8]) throws(LinkError) {
    wire.condition.lock()
    defer { wire.condition.unlock() }
    guard !wire.closed else { throw LinkError.lost(name) }
    for byte in bytes {
      if let cut = faults.cutAfter, written >= cut {
        wire.closed = true
        wire.condition.broadcast()
        throw LinkError.lost(name)
      }
      written += 1
      if chance(faults.dropPPM) { continue }
      let sent = chance(faults.corruptPPM) ? byte ^ UInt8(truncatingIfNeeded: random | 1) : byte
      wire.queues[1 - side].append(sent)
      if chance(faults.duplicatePPM) { wire.queues[1 - side].append(sent) }
    }
    wire.condition.broadcast()
  }

  public func read(timeout: Duration) throws(LinkError) -> [UInt8] {
    let deadline = Date().addingTimeInterval(Double(timeout.milliseconds) / 1000)
    wire.condition.lock()
    defer { wire.condition.unlock() }
    while wire.queues[side].isEmpty {
      if wire.closed { throw LinkError.lost(name) }
      if !wire.condition.wait(until: deadline) { return [] }
    }
    let bytes = wire.queues[side]
    wire.queues[side].removeAll()
    return bytes
  }

  public func close() {
    wire.condition.lock()
    wire.closed = true
    wire.condition.broadcast()
    wire.condition.unlock()
  }
}
