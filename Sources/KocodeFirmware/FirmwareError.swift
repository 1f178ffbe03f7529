/// What can go wrong building the firmware, laying out its EEPROM or
/// driving the virtual board. The command line turns these into words.
public enum FirmwareError: Error, Equatable, Sendable {
  /// A program the build needs is not installed (`avr-gcc`, `make`…).
  case toolMissing(String)
  /// A command ran and failed: its status and what it printed.
  case commandFailed(command: String, status: Int32, output: String)
  /// `avr-size` printed something other than its usual table.
  case unreadableSize(String)
  /// A file could not be written: its path and the reason.
  case cannotWrite(String, reason: String)
  /// The image does not fit a program slot of the board.
  case imageTooLarge(bytes: Int, slotBytes: Int)
  /// No slot of that number (there are two, 0 and 1).
  case noSuchSlot(Int)
  /// `kc-vboard` could not be started: the reason.
  case virtualBoardFailed(String)
  /// The virtual board did not answer in time: what was awaited.
  case virtualBoardTimeout(String)
  /// A pseudo-terminal could not be opened: its path and `errno`.
  case portFailed(String, errno: Int32)
}

extension FirmwareError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .toolMissing(let tool): "\(tool) is not installed"
    case .commandFailed(let command, let status, let output):
      "\(command) failed with status \(status):\n\(output)"
    case .unreadableSize(let text): "cannot read the avr-size table:\n\(text)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .imageTooLarge(let bytes, let slotBytes):
      "the image has \(bytes) bytes; a program slot holds \(slotBytes)"
    case .noSuchSlot(let slot): "there is no program slot \(slot): slots are 0 and 1"
    case .virtualBoardFailed(let reason): "the virtual board did not start: \(reason)"
    case .virtualBoardTimeout(let what): "the virtual board did not answer in time: \(what)"
    case .portFailed(let path, let errno): "cannot open \(path) (errno \(errno))"
    }
  }
}
