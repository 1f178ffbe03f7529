/// One problem found in a program, as `kocode check` reports it.
public struct Diagnostic: Sendable, Equatable {
  public enum Severity: String, Sendable {
    case error, warning
  }

  public var severity: Severity
  /// Stable snake_case code, as named in `language.md` section 7.
  public var code: String
  /// The block the problem is on, when there is one.
  public var block: String?
  public var message: Localized
  /// Where the parser stopped, for malformed input.
  public var line: Int?
  public var column: Int?

  public init(
    _ severity: Severity, _ code: String, block: String?, message: Localized,
    line: Int? = nil, column: Int? = nil
  ) {
    self.severity = severity
    self.code = code
    self.block = block
    self.message = message
    self.line = line
    self.column = column
  }

  public var isError: Bool { severity == .error }
}
