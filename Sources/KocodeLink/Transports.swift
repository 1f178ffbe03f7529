import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Picks the transport for a port: libserialport for real serial ports,
/// plain termios for pseudo-terminals (virtual boards, socat bridges),
/// which libserialport cannot open.
public enum Transports {
  public enum Kind: String, Sendable {
    case termios
    case serialport
  }

  /// `KOCODE_TRANSPORT=termios|serialport` forces one (tests use it to run
  /// libserialport against a virtual board); otherwise the path decides.
  public static func kind(for path: String, environment: [String: String]) -> Kind {
    if let forced = environment["KOCODE_TRANSPORT"].flatMap(Kind.init(rawValue:)) {
      return forced
    }
    if resolve(path).hasPrefix("/dev/pts/") { return .termios }
    if VirtualBoardRegistry.entry(for: path, environment) != nil { return .termios }
    return .serialport
  }

  /// Opens a port with the transport its kind needs.
  public static func open(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(LinkError) -> any Transport {
    switch kind(for: path, environment: environment) {
    case .termios: try TermiosTransport(path: path)
    case .serialport: try SerialPortTransport(path: path)
    }
  }

  /// The path with every symbolic link followed; the path itself when it
  /// does not resolve (a port that is not there).
  static func resolve(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
