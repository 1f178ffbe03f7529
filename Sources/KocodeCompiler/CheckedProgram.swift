import KocodeBlocks
import KocodeSupport

/// The three value types of the language.
public enum ValueType: String, Sendable, Equatable {
  case number, boolean, text
}

/// A global variable after checking: one name, one type.
public struct GlobalVariable: Sendable, Equatable {
  public var name: String
  public var id: String
  public var type: ValueType

  public init(name: String, id: String, type: ValueType) {
    self.name = name
    self.id = id
    self.type = type
  }
}

/// A procedure definition after checking.
public struct Procedure: Sendable {
  public var name: String
  /// The `procedures_defnoreturn` or `procedures_defreturn` block.
  public var block: Block
  public var parameters: [String]
  public var parameterTypes: [ValueType]
  /// Nil for a procedure without a value.
  public var returnType: ValueType?

  public init(
    name: String, block: Block, parameters: [String], parameterTypes: [ValueType],
    returnType: ValueType?
  ) {
    self.name = name
    self.block = block
    self.parameters = parameters
    self.parameterTypes = parameterTypes
    self.returnType = returnType
  }
}

/// What a variable field refers to.
public enum VariableReference: Sendable, Equatable {
  /// Index into `CheckedProgram.globals`.
  case global(Int)
  /// Index of a parameter of the enclosing procedure.
  case parameter(Int)
}

/// A program that the checker has read: the diagnostics, and the facts the
/// code generator needs (only meaningful when there is no error).
public struct CheckedProgram: Sendable {
  public var diagnostics: [Diagnostic] = []
  /// Enabled hat blocks, in file order: the scripts.
  public var scripts: [Block] = []
  /// Enabled procedure definitions, callees before their callers (ties in
  /// file order).
  public var procedures: [Procedure] = []
  /// Global variables, in index order.
  public var globals: [GlobalVariable] = []
  /// The type of every value block the code generator compiles.
  public var valueTypes: [ObjectIdentifier: ValueType] = [:]
  /// What the `VAR` field of every `variables_get`, `variables_set`,
  /// `math_change` and `controls_for` block refers to.
  public var variables: [ObjectIdentifier: VariableReference] = [:]
  /// The procedure (index into `procedures`) of every call block; a call
  /// to a disabled procedure has no entry and is skipped (a value call
  /// then reads 0, or false: its type is in `valueTypes`).
  public var callTargets: [ObjectIdentifier: Int] = [:]
  /// The value of the number field of every `math_number` (`NUM`) and
  /// `controls_repeat` (`TIMES`) block compiled, read exactly as the
  /// checker read it (`5.0` and `1e3` are integers).
  public var numbers: [ObjectIdentifier: Int32] = [:]

  public init() {}

  public var hasErrors: Bool { diagnostics.contains { $0.isError } }

  public func type(of block: Block) -> ValueType? { valueTypes[ObjectIdentifier(block)] }
}
