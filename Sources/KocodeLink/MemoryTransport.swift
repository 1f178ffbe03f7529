import Foundation

/// Two transports joined in memory, for unit tests: what one writes, the
/// other reads. Faults come from a `FaultProxy` in front of either end.
public final class MemoryTransport: Transport, @unchecked Sendable {
  /// The queues and state both ends share.
  private final class Wire: @unchecked Sendable {
    let condition = NSCondition()
    var queues: [[UInt8]] = [[], []]
    var closed = false
  }

  public let name: String
  private let wire: Wire
  private let side: Int

  private init(name: String, wire: Wire, side: Int) {
    self.name = name
    self.wire = wire
    self.side = side
  }

  /// Two ends: bytes written by the first are read by the second, and back.
  public static func pair() -> (MemoryTransport, MemoryTransport) {
    let wire = Wire()
    return (
      MemoryTransport(name: "memory:a", wire: wire, side: 0),
      MemoryTransport(name: "memory:b", wire: wire, side: 1)
    )
  }

  public func write(_ bytes: [UInt8]) throws(LinkError) {
    wire.condition.lock()
    defer { wire.condition.unlock() }
    guard !wire.closed else { throw LinkError.lost(name) }
    wire.queues[1 - side] += bytes
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
