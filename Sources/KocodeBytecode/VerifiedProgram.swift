/// What a function is, from the `kind` field of its `FUNCTION` header.
public enum FunctionKind: UInt8, Sendable {
  case procedure = 0
  /// A procedure that returns a value: `CALL` pushes it, `RET_V` gives it.
  case procedureWithValue = 1
  case script = 2

  /// The kind in words, for messages and listings.
  public var name: String {
    switch self {
    case .procedure: "procedure"
    case .procedureWithValue: "procedure with a value"
    case .script: "script"
    }
  }
}

/// An image the verifier accepted, with the function table both VMs and the
/// tools run it from.
public struct VerifiedProgram: Sendable, Equatable {
  /// One function of the code, as its header declares it.
  public struct Function: Sendable, Equatable {
    /// Position among the functions, in code order.
    public var index: Int
    /// Offset of the `FUNCTION` header: what `CALL` names.
    public var headerOffset: Int
    /// Offset of the first instruction after the header.
    public var bodyOffset: Int
    /// Offset just past the last instruction.
    public var endOffset: Int
    public var params: Int
    /// Extra local slots (hidden loop counters), zeroed on entry.
    public var locals: Int
    /// The declared need: the stack slots a call or task gets.
    public var need: Int
    /// The largest need the verifier found, at most `need`.
    public var measuredNeed: Int
    public var kind: FunctionKind

    /// Slots `LOAD_L`/`STORE_L` may address: parameters then locals.
    public var slots: Int { params + locals }
  }

  /// Every function, in code order: procedures first, then scripts.
  public let functions: [Function]
  /// The scripts, in script order.
  public let scripts: [Function]
  /// Stack slots the scripts' tasks take together.
  public let scriptNeed: Int
  private let indexByHeader: [Int: Int]

  init(functions: [Function]) {
    self.functions = functions
    scripts = functions.filter { $0.kind == .script }
    scriptNeed = scripts.reduce(0) { $0 + $1.need }
    indexByHeader = Dictionary(
      uniqueKeysWithValues: functions.map { ($0.headerOffset, $0.index) })
  }

  /// The function whose header is at `offset`, as `CALL` names it.
  public func function(atHeader offset: Int) -> Function? {
    indexByHeader[offset].map { functions[$0] }
  }

  /// The function whose code holds `offset`, header included.
  public func function(containing offset: Int) -> Function? {
    functions.last { $0.headerOffset <= offset && offset < $0.endOffset }
  }
}
