import CSerialPort
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real serial port through libserialport: 115200 baud, 8N1, no flow
/// control, an exclusive lock. libserialport cannot open a
/// pseudo-terminal (`hardware.md`): `Transports.open` sends those to
/// `TermiosTransport`.
public final class SerialPortTransport: Transport {
  public let name: String
  private var port: OpaquePointer?
  /// How long one write may wait for the USB chip to take the bytes.
  static let writeTimeoutMS: UInt32 = 2000

  public init(path: String, baud: Int32 = 115_200) throws(LinkError) {
    name = path
    // libserialport answers a missing device with a generic failure.
    guard access(path, F_OK) == 0 else { throw LinkError.noSuchPort(path) }
    var found: OpaquePointer?
    try Self.check(sp_get_port_by_name(path, &found), path)
    do {
      try Self.check(sp_open(found, SP_MODE_READ_WRITE), path)
    } catch {
      sp_free_port(found)
      throw error
    }
    port = found
    do {
      try lock()
      try configure(baud: baud)
    } catch {
      close()
      throw error
    }
  }

  deinit { close() }

  private func lock() throws(LinkError) {
    var descriptor: Int32 = -1
    try Self.check(sp_get_port_handle(port, &descriptor), name)
    // Two programs on one board would each see half its answers.
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 { throw LinkError.busy(name) }
  }

  private func configure(baud: Int32) throws(LinkError) {
    var config: OpaquePointer?
    try Self.check(sp_new_config(&config), name)
    defer { sp_free_config(config) }
    sp_set_config_baudrate(config, baud)
    sp_set_config_bits(config, 8)
    sp_set_config_parity(config, SP_PARITY_NONE)
    sp_set_config_stopbits(config, 1)
    sp_set_config_flowcontrol(config, SP_FLOWCONTROL_NONE)
    try Self.check(sp_set_config(port, config), name)
  }

  /// Turns a libserialport result into a `LinkError`; the count of bytes
  /// when it succeeded.
  @discardableResult
  static func check(_ result: sp_return, _ path: String) throws(LinkError) -> Int {
    if result.rawValue >= 0 { return Int(result.rawValue) }
    switch result {
    case SP_ERR_FAIL:
      throw error(code: sp_last_error_code(), path: path)
    case SP_ERR_ARG:
      // What sp_get_port_by_name says of a device it cannot find in sysfs.
      throw LinkError.noSuchPort(path)
    case SP_ERR_MEM:
      throw LinkError.system(path, "out of memory")
    default:
      throw LinkError.system(path, "not supported on this system")
    }
  }

  static func error(code: Int32, path: String) -> LinkError {
    switch code {
    case ENOENT, ENODEV, ENXIO: .noSuchPort(path)
    case EACCES, EPERM: .permissionDenied(path)
    case EBUSY: .busy(path)
    default:
      .system(
        path,
        sp_last_error_message().map { message in
          defer { sp_free_error_message(message) }
          return String(cString: message)
        } ?? String(cString: strerror(code)))
    }
  }

  public func write(_ bytes: [UInt8]) throws(LinkError) {
    guard let port else { throw LinkError.lost(name) }
    guard !bytes.isEmpty else { return }
    let result = bytes.withUnsafeBytes {
      sp_blocking_write(port, $0.baseAddress, $0.count, Self.writeTimeoutMS)
    }
    let sent: Int
    do {
      sent = try Self.check(result, name)
    } catch {
      throw LinkError.lost(name)
    }
    // A USB chip that takes nothing for seconds is gone or wedged.
    guard sent == bytes.count else { throw LinkError.lost(name) }
  }

  public func read(timeout: Duration) throws(LinkError) -> [UInt8] {
    guard let port else { throw LinkError.lost(name) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let milliseconds = UInt32(min(timeout.milliseconds, Int(UInt32.max)))
    // A timeout of 0 means "for ever" to libserialport: look without waiting.
    let result = buffer.withUnsafeMutableBytes {
      milliseconds == 0
        ? sp_nonblocking_read(port, $0.baseAddress, $0.count)
        : sp_blocking_read_next(port, $0.baseAddress, $0.count, milliseconds)
    }
    let count: Int
    do {
      count = try Self.check(result, name)
    } catch {
      // A USB cable pulled out: the device reads as an error.
      throw LinkError.lost(name)
    }
    return Array(buffer[0..<count])
  }

  /// Drops DTR, then closes: on an Uno the next open resets the board
  /// again (`sp_open` also sets HUPCL, which does the same on close).
  public func close() {
    guard let port else { return }
    sp_set_dtr(port, SP_DTR_OFF)
    sp_close(port)
    sp_free_port(port)
    self.port = nil
  }
}
