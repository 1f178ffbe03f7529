import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The board's UART as a host sees it: the pseudo-terminal `kc-vboard`
/// prints, opened raw at 115200 baud with POSIX calls (libserialport
/// cannot open a pseudo-terminal). Opening it resets the board, as the
/// DTR line resets an Uno. Every byte received is kept.
public final class VirtualBoardPort: @unchecked Sendable {
  public let path: String
  private let descriptor: Int32
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var received: [UInt8] = []
  private var closing = false
  private var closed = false
  private var readerDone = false

  public init(path: String) throws(FirmwareError) {
    self.path = path
    let opened = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard opened >= 0 else { throw .portFailed(path, errno: errno) }
    descriptor = opened
    var settings = termios()
    if tcgetattr(descriptor, &settings) == 0 {
      cfmakeraw(&settings)
      cfsetispeed(&settings, speed_t(B115200))
      cfsetospeed(&settings, speed_t(B115200))
      tcsetattr(descriptor, TCSANOW, &settings)
    }
    // The thread holds the port only while it reads: a port nobody holds
    // any more is released, and its reader ends.
    let thread = Thread { [weak self] in
      while let port = self, port.readOnce() {}
      self?.finishReading()
    }
    thread.start()
  }

  deinit {
    if !closed { systemClose(descriptor) }
  }

  /// Every byte received so far.
  public var bytes: [UInt8] {
    condition.lock()
    defer { condition.unlock() }
    return received
  }

  /// Waits until at least `count` bytes have arrived; returns them all.
  public func waitForBytes(_ count: Int, timeout: TimeInterval) -> [UInt8] {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while received.count < count && !readerDone {
      if !condition.wait(until: deadline) { break }
    }
    return received
  }

  /// Sends bytes to the board.
  public func write(_ bytes: [UInt8]) throws(FirmwareError) {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes {
        systemWrite(descriptor, $0.baseAddress, $0.count)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { throw .portFailed(path, errno: errno) }
      sent += count
    }
  }

  /// Stops reading and closes the port (the board sees the host leave).
  public func close() {
    condition.lock()
    closing = true
    while !readerDone { condition.wait() }
    let first = !closed
    closed = true
    condition.unlock()
    if first { systemClose(descriptor) }
  }

  /// Waits up to 50 ms for bytes and keeps them; false once the port is
  /// closing or gone.
  private func readOnce() -> Bool {
    condition.lock()
    let stop = closing
    condition.unlock()
    if stop { return false }
    // Short polls, so that close() is never kept waiting long.
    var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let ready = poll(&request, 1, 50)
    if ready <= 0 { return ready == 0 || errno == EINTR }
    var buffer = [UInt8](repeating: 0, count: 1024)
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    if count < 0 { return errno == EINTR || errno == EAGAIN }
    if count == 0 { return false }
    condition.lock()
    received += buffer[0..<count]
    condition.broadcast()
    condition.unlock()
    return true
  }

  private func finishReading() {
    condition.lock()
    readerDone = true
    condition.broadcast()
    condition.unlock()
  }
}

// The class's own `write` and `close` hide the C functions inside it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

private func systemClose(_ descriptor: Int32) {
  _ = close(descriptor)
}
