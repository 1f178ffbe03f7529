/// The exit codes of `cli.md` (sysexits).
public enum ExitCode: Int32, Sendable {
  case success = 0
  /// The program stopped on a runtime error, or a mission criterion failed.
  case failure = 1
  case usage = 64
  /// The program has errors, or the input or image is malformed or too large.
  case dataError = 65
  case unavailable = 69
  /// A bug in Kocode.
  case software = 70
  case ioError = 74
}

/// An error that ends a command: what to say, and the exit code.
struct CommandFailure: Error {
  var code: ExitCode
  var message: String

  init(_ code: ExitCode, _ message: String) {
    self.code = code
    self.message = message
  }
}
