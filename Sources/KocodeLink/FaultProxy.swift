import Foundation

/// A transport in front of another that drops, corrupts, duplicates and
/// delays bytes both ways, deterministically from a seed, and can cut the
/// link or call a hook after a number of frames: the fault tests put it
/// between the computer and a virtual board.
public final class FaultProxy: Transport {
  public struct Faults: Sendable {
    /// Per byte, in parts per million.
    public var dropPPM = 0
    public var corruptPPM = 0
    public var duplicatePPM = 0
    /// Per write, in parts per million: the bytes wait `delay` first.
    public var delayPPM = 0
    public var delay = Duration.milliseconds(30)
    public var seed: UInt64 = 1

    public init(
      dropPPM: Int = 0, corruptPPM: Int = 0, duplicatePPM: Int = 0, delayPPM: Int = 0,
      seed: UInt64 = 1
    ) {
      self.dropPPM = dropPPM
      self.corruptPPM = corruptPPM
      self.duplicatePPM = duplicatePPM
      self.delayPPM = delayPPM
      self.seed = seed
    }
  }

  public let inner: any Transport
  public var faults: Faults
  /// Frames written so far (each ends with its 0x00).
  public private(set) var framesWritten = 0
  /// Called with the count of frames written, after each one.
  public var afterFrame: (Int) -> Void = { _ in }
  /// Once this many frames are written, the link is cut for good: the
  /// next frame never leaves.
  public var cutAfterFrames: Int?
  private var random: UInt64
  private var cut = false

  public var name: String { inner.name }

  public init(_ inner: any Transport, faults: Faults = Faults()) {
    self.inner = inner
    self.faults = faults
    random = faults.seed | 1
  }

  private func chance(_ ppm: Int) -> Bool {
    guard ppm > 0 else { return false }
    random ^= random << 13
    random ^= random >> 7
    random ^= random << 17
    return Int(random % 1_000_000) < ppm
  }

  private func bend(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for byte in bytes {
      if chance(faults.dropPPM) { continue }
      let sent = chance(faults.corruptPPM) ? byte ^ UInt8(truncatingIfNeeded: random | 1) : byte
      out.append(sent)
      if chance(faults.duplicatePPM) { out.append(sent) }
    }
    return out
  }

  public func write(_ bytes: [UInt8]) throws(LinkError) {
    if let limit = cutAfterFrames, framesWritten >= limit {
      cut = true
      inner.close()
    }
    guard !cut else { throw LinkError.lost(name) }
    if chance(faults.delayPPM) {
      Thread.sleep(forTimeInterval: Double(faults.delay.milliseconds) / 1000)
    }
    try inner.write(bend(bytes))
    for byte in bytes where byte == 0 {
      framesWritten += 1
      afterFrame(framesWritten)
    }
  }

  public func read(timeout: Duration) throws(LinkError) -> [UInt8] {
    guard !cut else { throw LinkError.lost(name) }
    return bend(try inner.read(timeout: timeout))
  }

  public func close() { inner.close() }
}
