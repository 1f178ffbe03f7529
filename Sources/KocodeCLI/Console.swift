import Foundation
import KocodeSupport

/// Where a command writes: standard output and standard error, or buffers in
/// tests. Messages go through `say` and obey `-q` and `-v`.
public final class Console: @unchecked Sendable {
  public enum Verbosity: Int, Sendable {
    case quiet, normal, verbose
  }

  private let writeOut: (String) -> Void
  private let writeError: (String) -> Void
  var language: Language = .en
  var verbosity: Verbosity = .normal
  /// Colour on standard error: off with `NO_COLOR` or when it is not a terminal.
  var errorColour = false

  public init(out: @escaping (String) -> Void, error: @escaping (String) -> Void) {
    self.writeOut = out
    self.writeError = error
  }

  /// Standard output and standard error, flushed on every write so a trace
  /// line is out as soon as it happens.
  public static func standard() -> Console {
    Console(
      out: { text in
        FileHandle.standardOutput.write(Data(text.utf8))
      },
      error: { text in
        FileHandle.standardError.write(Data(text.utf8))
      })
  }

  /// Data on standard output: listings, JSON, traces.
  func out(_ text: String) { writeOut(text) }

  /// A line of data on standard output.
  func line(_ text: String) { writeOut(text + "\n") }

  /// A message for the person at the terminal, on standard error unless it
  /// is the command's main output.
  func say(_ text: Localized, toOutput: Bool = false) {
    guard verbosity != .quiet else { return }
    let line = text.text(language) + "\n"
    if toOutput { writeOut(line) } else { writeError(line) }
  }

  /// Detail shown only with `-v`.
  func detail(_ text: Localized) {
    guard verbosity == .verbose else { return }
    writeError(text.text(language) + "\n")
  }

  /// An error: always shown, on standard error.
  func error(_ text: String) {
    writeError("kocode: " + text + "\n")
  }

  /// Text on standard error with no line end: a progress bar redrawn in place.
  func problemInline(_ text: String) {
    writeError(text)
  }

  /// A warning or problem line, always shown, on standard error.
  func problem(_ text: String) {
    writeError(text + "\n")
  }
}
