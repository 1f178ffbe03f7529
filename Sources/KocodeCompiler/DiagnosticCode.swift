import KocodeSupport

/// Every stable diagnostic code the reader, the checker and the code
/// generator report (language.md section 7), with its severity.
///
/// The raw value is the snake_case code that `kocode check` prints. The
/// words that go with each code live in `Messages`.
public enum DiagnosticCode: String, Sendable, CaseIterable {
  // Errors.
  case malformedProgram = "malformed_program"
  case unknownBlock = "unknown_block"
  case missingInput = "missing_input"
  case invalidField = "invalid_field"
  case typeMismatch = "type_mismatch"
  case notInLoop = "not_in_loop"
  case notInProcedure = "not_in_procedure"
  case recursion = "recursion"
  case unknownProcedure = "unknown_procedure"
  case wrongArgumentCount = "wrong_argument_count"
  case duplicateProcedure = "duplicate_procedure"
  case unsupportedOnBoard = "unsupported_on_board"
  case pinNotAvailable = "pin_not_available"
  case numberOutOfRange = "number_out_of_range"
  case notAnInteger = "not_an_integer"
  case programTooLarge = "program_too_large"
  case tooManyScripts = "too_many_scripts"
  case noBlockAfterForever = "no_block_after_forever"
  /// Project code: more global variables than the board holds.
  case tooManyVariables = "too_many_variables"
  /// Project code: a block where the editor could never have put it (a
  /// value block in a stack, a statement in a socket, a hat inside a block).
  case misplacedBlock = "misplaced_block"

  // Warnings.
  case orphanBlocks = "orphan_blocks"
  case neverSet = "never_set"
  case nothingRuns = "nothing_runs"
  case duplicateID = "duplicate_id"
  case disabledProcedure = "disabled_procedure"

  /// Warnings still let the program compile; errors stop it.
  public var severity: Diagnostic.Severity {
    switch self {
    case .orphanBlocks, .neverSet, .nothingRuns, .duplicateID, .disabledProcedure: .warning
    default: .error
    }
  }
}

extension Diagnostic {
  /// A diagnostic whose severity follows from its code.
  public init(
    _ code: DiagnosticCode, block: String?, message: Localized,
    line: Int? = nil, column: Int? = nil
  ) {
    self.init(
      code.severity, code.rawValue, block: block, message: message, line: line, column: column)
  }
}
