import KocodeBytecode

/// A runtime error as Swift throws it: the board's error code. (The
/// generated `RuntimeErrorCode` table is not an `Error` itself.)
public struct RuntimeError: Error, Equatable, Sendable {
  public var code: RuntimeErrorCode

  public init(_ code: RuntimeErrorCode) { self.code = code }

  public static let divisionByZero = RuntimeError(.divisionByZero)
  public static let negativeRoot = RuntimeError(.negativeRoot)
  public static let stackOverflow = RuntimeError(.stackOverflow)
  public static let badInstruction = RuntimeError(.badInstruction)
}
