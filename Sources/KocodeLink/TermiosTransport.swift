import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A serial device through plain POSIX calls: raw mode, 115200 baud, an
/// exclusive lock. The only way to reach a pseudo-terminal (the virtual
/// board, socat bridges): libserialport refuses them (`hardware.md`).
public final class TermiosTransport: Transport {
  public let name: String
  private var descriptor: Int32

  public init(path: String, baud: speed_t = speed_t(B115200)) throws(LinkError) {
    name = path
    descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.openError(errno, path) }
    // Two programs on one board would each see half its answers.
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      Glibc.close(descriptor)
      throw LinkError.busy(path)
    }
    var settings = termios()
    if tcgetattr(descriptor, &settings) == 0 {
      cfmakeraw(&settings)
      cfsetispeed(&settings, baud)
      cfsetospeed(&settings, baud)
      settings.c_cflag |= tcflag_t(CLOCAL | CREAD | HUPCL)
      tcsetattr(descriptor, TCSANOW, &settings)
    }
  }

  deinit { close() }

  static func openError(_ code: Int32, _ path: String) -> LinkError {
    switch code {
    case ENOENT, ENODEV, ENXIO: .noSuchPort(path)
    case EACCES, EPERM: .permissionDenied(path)
    case EBUSY: .busy(path)
    default: .system(path, String(cString: strerror(code)))
    }
  }

  public func write(_ bytes: [UInt8]) throws(LinkError) {
    var sent = 0
    while sent < bytes.count {
      guard descriptor >= 0 else { throw LinkError.lost(name) }
      let count = bytes[sent...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if count > 0 {
        sent += count
      } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        _ = poll(&entry, 1, 100)
      } else {
        throw LinkError.lost(name)
      }
    }
  }

  public func read(timeout: Duration) throws(LinkError) -> [UInt8] {
    guard descriptor >= 0 else { throw LinkError.lost(name) }
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let ready = poll(&entry, 1, Int32(min(timeout.milliseconds, Int(Int32.max))))
    if ready < 0 {
      if errno == EINTR { return [] }
      throw LinkError.lost(name)
    }
    if ready == 0 { return [] }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
    if count > 0 { return Array(buffer[0..<count]) }
    if count < 0 && (errno == EAGAIN || errno == EINTR) { return [] }
    // End of file or an error: the other side is gone (a pty whose
    // virtual board stopped, a USB cable pulled out).
    throw LinkError.lost(name)
  }

  public func close() {
    if descriptor >= 0 {
      Glibc.close(descriptor)
      descriptor = -1
    }
  }
}
