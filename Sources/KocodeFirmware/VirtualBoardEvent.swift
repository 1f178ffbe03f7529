/// An instant on the virtual board: clock cycles since `kc-vboard`
/// started, and the same instant in microseconds.
public struct VirtualBoardTime: Sendable, Equatable, Comparable, CustomStringConvertible {
  public var cycle: UInt64
  public var microseconds: UInt64

  public init(cycle: UInt64, microseconds: UInt64) {
    self.cycle = cycle
    self.microseconds = microseconds
  }

  public static func < (a: Self, b: Self) -> Bool { a.cycle < b.cycle }

  public var description: String { "\(microseconds) µs (cycle \(cycle))" }
}

/// A pin's level as `kc-vboard` reports it.
public enum PinLevel: String, Sendable, Equatable {
  case low = "0"
  case high = "1"
  /// Not an output (after a reset, every pin floats).
  case floating = "z"
}

/// One line of the control channel from the board (`VirtualBoard/README.md`).
public enum VirtualBoardEvent: Sendable, Equatable {
  case ready
  /// `pin D7 1 at CYCLE us MICROS`
  case pin(String, PinLevel, VirtualBoardTime)
  /// `reset at CYCLE us MICROS cause C`: `open`, `command` or `firmware`.
  case reset(cause: String, VirtualBoardTime)
  /// The firmware executed SLEEP with interrupts off.
  case stopped(VirtualBoardTime)
  case crashed(VirtualBoardTime)
  case pong(VirtualBoardTime)
  /// A command was not understood.
  case error(String)
  /// A line this driver does not know.
  case other(String)

  /// Reads one line.
  public init(line: String) {
    let words = line.split(separator: " ").map(String.init)
    func time(at index: Int) -> VirtualBoardTime? {
      guard words.count > index + 3, words[index] == "at", words[index + 2] == "us",
        let cycle = UInt64(words[index + 1]), let micros = UInt64(words[index + 3])
      else { return nil }
      return VirtualBoardTime(cycle: cycle, microseconds: micros)
    }
    switch words.first {
    case "ready":
      self = .ready
    case "pin":
      if words.count > 2, let level = PinLevel(rawValue: words[2]), let time = time(at: 3) {
        self = .pin(words[1], level, time)
      } else {
        self = .other(line)
      }
    case "reset":
      if let time = time(at: 1), words.count > 6, words[5] == "cause" {
        self = .reset(cause: words[6], time)
      } else {
        self = .other(line)
      }
    case "stopped": self = time(at: 1).map { .stopped($0) } ?? .other(line)
    case "crashed": self = time(at: 1).map { .crashed($0) } ?? .other(line)
    case "pong": self = time(at: 1).map { .pong($0) } ?? .other(line)
    case "error": self = .error(String(line.dropFirst(6)))
    default: self = .other(line)
    }
  }

  /// When it happened, for the events that say.
  public var time: VirtualBoardTime? {
    switch self {
    case .pin(_, _, let time), .reset(_, let time), .stopped(let time), .crashed(let time),
      .pong(let time):
      time
    case .ready, .error, .other: nil
    }
  }
}
