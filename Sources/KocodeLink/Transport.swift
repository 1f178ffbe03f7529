import Foundation

/// Why talking to a board failed, in terms a message can explain.
public enum LinkError: Error, Sendable, Equatable {
  /// The port does not exist (unplugged, mistyped).
  case noSuchPort(String)
  /// The user may not open it (not in the `dialout` group).
  case permissionDenied(String)
  /// Another program holds it (ModemManager, a serial monitor, another kocode).
  case busy(String)
  /// Opened, but nothing answered a Kocode hello.
  case noAnswer(String)
  /// The link went away mid-exchange (cable pulled, board reset, too many
  /// retries).
  case lost(String)
  /// Any other system error, with its text.
  case system(String, String)
}

/// A byte pipe to a board: a real serial port, a pseudo-terminal, or a
/// pair of queues in tests.
public protocol Transport: AnyObject {
  /// The port's name, for messages.
  var name: String { get }
  /// Sends every byte or throws.
  func write(_ bytes: [UInt8]) throws(LinkError)
  /// The bytes that arrive within `timeout`: at least one, or none when
  /// the time ran out.
  func read(timeout: Duration) throws(LinkError) -> [UInt8]
  func close()
}

extension Duration {
  /// Whole milliseconds, at least 0.
  public var milliseconds: Int {
    let (seconds, attoseconds) = components
    return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
  }
}
