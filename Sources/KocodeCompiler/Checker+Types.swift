import KocodeBlocks
import KocodeSupport

extension Checker {
  /// Type terms and what is known of them: a union-find where each class
  /// of terms that must share a type may be bound to one `ValueType`.
  ///
  /// Terms 0, 1 and 2 stand for Number, Boolean and Text.
  struct TypeTable {
    static let numberTerm = 0
    static let booleanTerm = 1
    static let textTerm = 2

    private var parent: [Int] = [0, 1, 2]
    private var bound: [ValueType?] = [.number, .boolean, .text]

    static func term(for type: ValueType) -> Int {
      switch type {
      case .number: numberTerm
      case .boolean: booleanTerm
      case .text: textTerm
      }
    }

    /// A new term with no type yet.
    mutating func fresh() -> Int {
      parent.append(parent.count)
      bound.append(nil)
      return parent.count - 1
    }

    /// The representative of a term's class, halving the path on the way
    /// (a loop, not recursion).
    mutating func find(_ term: Int) -> Int {
      var term = term
      while parent[term] != term {
        parent[term] = parent[parent[term]]
        term = parent[term]
      }
      return term
    }

    mutating func type(of term: Int) -> ValueType? { bound[find(term)] }

    /// Makes two terms one; false (and no change) when their types differ.
    mutating func unify(_ first: Int, _ second: Int) -> Bool {
      let (a, b) = (find(first), find(second))
      guard a != b else { return true }
      switch (bound[a], bound[b]) {
      case (let x?, let y?) where x != y: return false
      case (nil, _): parent[a] = b
      default: parent[b] = a
      }
      return true
    }
  }

  /// A typing fact to check once every block has been walked.
  struct Constraint {
    enum Kind {
      /// The value of `child` (term `term`) must be one of `types`.
      case accepts(term: Int, types: [ValueType], child: Block)
      /// Two terms must have one type; `reason` words the error.
      case same(Int, Int, reason: Reason)
    }

    /// How to word a failed `same` (the first term's type is the expected
    /// one).
    enum Reason {
      case variableWrite(String)
      case argument(procedure: String, parameter: String)
      case result(procedure: String)
      case returnValue(procedure: String)
      case sides
    }

    var kind: Kind
    /// The block that gets the error.
    var block: Block
    /// Calls are checked after everything else, so that a procedure's
    /// parameter and result types come from its own definition first.
    var isCall: Bool
    var order: Int
    var sequence: Int
  }

  /// A variable field's meaning.
  enum Binding {
    /// Index into `Session.globals` (not yet the final global index).
    case global(Int)
    /// Index of a parameter of the enclosing procedure.
    case parameter(Int)
  }

  /// A global variable as the checker collects it.
  struct GlobalSlot {
    var name: String
    var id: String
    var term: Int
    /// The file order of the first block that refers to it, and that block.
    var firstReference: Int
    var firstBlock: Block
    var isSet = false
    /// The first block that reads it, for `never_set`.
    var firstRead: Block?
    var firstReadOrder = Int.max
  }
}

extension Checker.Session {
  /// Adds a constraint, remembered with the file position of its block.
  func require(_ kind: Checker.Constraint.Kind, on block: Block, isCall: Bool = false) {
    let order = fileOrder[ObjectIdentifier(block)] ?? Int.max
    constraints.append(
      Checker.Constraint(
        kind: kind, block: block, isCall: isCall, order: order, sequence: constraints.count))
  }

  /// Checks every constraint in reading order (the first use of a variable
  /// in the file fixes its type), calls last.
  func solveTypes() {
    let sorted = constraints.sorted {
      ($0.isCall ? 1 : 0, $0.order, $0.sequence) < ($1.isCall ? 1 : 0, $1.order, $1.sequence)
    }
    for constraint in sorted {
      switch constraint.kind {
      case .accepts(let term, let accepted, let child):
        solveAccepts(term, accepted, child: child, block: constraint.block)
      case .same(let first, let second, let reason):
        solveSame(first, second, reason: reason, block: constraint.block)
      }
    }
  }

  private func solveAccepts(_ term: Int, _ accepted: [ValueType], child: Block, block: Block) {
    guard let type = types.type(of: term) else {
      // Several types are allowed: the value's own uses will decide.
      if accepted.count == 1 {
        _ = types.unify(term, Checker.TypeTable.term(for: accepted[0]))
      }
      return
    }
    guard !accepted.contains(type) else { return }
    let mismatch: Messages.TypeMismatch
    if child.type == "variables_get", let name = variableName(child) {
      mismatch = .variableRead(expected: accepted, variable: name, holds: type)
    } else {
      mismatch = .input(expected: accepted, got: type)
    }
    report(.typeMismatch, block, Messages.typeMismatch(block: displayName(block), mismatch))
  }

  private func solveSame(
    _ first: Int, _ second: Int, reason: Checker.Constraint.Reason, block: Block
  ) {
    let (a, b) = (types.type(of: first), types.type(of: second))
    // Text is only ever wrong outside `text_print`; its socket has said so.
    guard a != .text, b != .text, !types.unify(first, second), let a, let b else { return }
    let mismatch: Messages.TypeMismatch
    switch reason {
    case .variableWrite(let name): mismatch = .variableWrite(variable: name, holds: a, got: b)
    case .argument(let procedure, let parameter):
      mismatch = .argument(procedure: procedure, parameter: parameter, expected: a, got: b)
    case .result(let procedure): mismatch = .result(procedure: procedure, returns: a, usedAs: b)
    case .returnValue(let procedure):
      mismatch = .returnValue(procedure: procedure, returns: a, got: b)
    case .sides: mismatch = .sides(a, b)
    }
    report(.typeMismatch, block, Messages.typeMismatch(block: displayName(block), mismatch))
  }

  /// The final type of a term: a term nothing constrains is a Number.
  func resolved(_ term: Int) -> ValueType {
    types.type(of: term) ?? .number
  }
}
