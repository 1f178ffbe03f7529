/// The two types a generated expression has; Text appears only as the
/// `text` block of `text_print`.
enum ValueKind {
  case number, boolean
}

/// A global variable or a parameter, with the one type it keeps.
struct TypedVariable {
  var name: VariableName
  var kind: ValueKind
  /// Loop counters are written only by their own loop, so that every
  /// loop ends.
  var isCounter = false
}

/// A procedure generated so far; later code may call it.
struct ProcedureInfo {
  var name: String
  var parameters: [TypedVariable]
  /// Nil for `procedures_defnoreturn`.
  var result: ValueKind?
  /// The most times one call may run a statement of its body: the product
  /// of the bounds of the loops around it, calls included.
  var weight: Int
}

/// Where a block is being generated.
struct Scope {
  /// Index of the procedure whose body this is.
  var procedure: Int?
  var inLoop = false
  /// False inside a loop that `continue` would make endless.
  var allowsContinue = false
  /// Statements with stacks around this one.
  var depth = 0
  /// The product of the bounds of the loops around this point.
  var loopProduct = 1
  /// Ids of the variables the enclosing loops count with.
  var protected: Set<String> = []
  /// In a hat's or a wait's condition, evaluated every 10 ms.
  var isSampled = false

  /// The scope of a stack nested in a statement.
  func nested() -> Scope {
    var inner = self
    inner.depth += 1
    return inner
  }
}

/// Builds one random workspace. Everything random comes from one seeded
/// `SplitMix64`, so a seed always gives the same workspace.
final class ProgramBuilder {
  typealias Options = RandomProgramGenerator.Options

  /// Iterations of one loop, at most; `controls_for` may do one more.
  static let loopBound = 4
  static let forBound = 5
  /// The largest product of loop bounds around a statement, calls included:
  /// keeps a run of two simulated seconds to a few thousand instructions.
  static let maxLoopProduct = 16
  /// Global variables a program may use (the Uno holds 32).
  static let maxGlobals = 24

  let options: Options
  var random: SplitMix64
  /// Blocks the unit being generated may still add.
  var budget = 0
  /// The heaviest loop product met in the procedure being generated.
  var heaviest = 1
  var globals: [TypedVariable] = []
  var procedures: [ProcedureInfo] = []
  /// The parameters and the result of the procedure being generated.
  var parameters: [TypedVariable] = []
  var currentResult: ValueKind?
  /// Every parameter name so far: as in Blockly, procedures may share one.
  var parameterNames: [VariableName] = []
  private(set) var declared: [VariableName] = []
  private var usedIDs: Set<String> = []
  private var usedNames: Set<String> = []
  private var usedProcedureNames: Set<String> = []

  init(seed: UInt64, options: Options) {
    self.options = options
    random = SplitMix64(seed: seed)
  }

  /// The whole workspace.
  func build() -> GeneratedWorkspace {
    if options.wideJumpPercent > 0, random.percent(options.wideJumpPercent) {
      return buildWide()
    }
    return buildRegular()
  }

  private func buildRegular() -> GeneratedWorkspace {
    makeVariablePool()
    let low = max(1, min(options.minBlocks, options.maxBlocks))
    var left = random.int(in: low...max(low, options.maxBlocks))
    // Each script or procedure gets a dozen blocks or so.
    let mostScripts = max(1, min(4, options.maxScripts, 1 + left / 12))
    let scriptCount = random.weighted((1...mostScripts).map { ($0, [4, 4, 3, 2][$0 - 1]) })
    let procedureLimit = options.includesProcedures ? max(0, options.maxProcedures) : 0
    let mostProcedures = min(procedureLimit, left / 12)
    let procedureCount = random.weighted((0...mostProcedures).map { ($0, $0 < 3 ? 3 : 2) })
    var pending = scriptCount + procedureCount
    let definitions = units(procedureCount, left: &left, pending: &pending, procedure)
    let hats = units(scriptCount, left: &left, pending: &pending, script)
    return workspace(hats: hats, definitions: definitions)
  }

  /// `count` procedures or scripts, each made with its share of the blocks
  /// left to the `pending` units.
  private func units(
    _ count: Int, left: inout Int, pending: inout Int, _ make: () -> GeneratedBlock
  ) -> [GeneratedBlock] {
    var made: [GeneratedBlock] = []
    for _ in 0..<count {
      budget = share(of: left, units: pending)
      let start = budget
      made.append(make())
      left -= start - budget
      pending -= 1
    }
    return made
  }

  /// A unit's part of the blocks left, give or take a third.
  private func share(of left: Int, units: Int) -> Int {
    let even = max(2, left / max(1, units))
    return max(2, even + random.int(in: -(even / 3)...(even / 3)))
  }

  /// Hats in script order, with the definitions placed among them.
  func workspace(hats: [GeneratedBlock], definitions: [GeneratedBlock]) -> GeneratedWorkspace {
    var top = hats
    for definition in definitions {
      top.insert(definition, at: random.int(in: 0...top.count))
    }
    for (index, block) in top.enumerated() {
      block.position = (random.int(in: 0...600), index * 200 + random.int(in: 0...50))
    }
    var workspace = GeneratedWorkspace(variables: declared, topBlocks: top)
    workspace.isIndented = random.percent(30)
    workspace.hasNamespace = random.percent(85)
    workspace.hasDeclaration = random.percent(10)
    return workspace
  }

  // MARK: - Blocks and ids

  /// A new block with a fresh id; it counts against the budget.
  func make(_ type: String) -> GeneratedBlock {
    budget -= 1
    return GeneratedBlock(type, id: newID())
  }

  /// An id in Blockly's own style: 20 characters of its id alphabet.
  func newID() -> String {
    while true {
      let id = String((0..<20).map { _ in random.pick(Vocabulary.idCharacters) })
      if usedIDs.insert(id).inserted { return id }
    }
  }

  // MARK: - Variables and names

  func makeVariablePool() {
    for _ in 0..<random.int(in: 1...4) {
      globals.append(TypedVariable(name: declare(Vocabulary.variableNames), kind: .number))
    }
    let booleans = random.weighted([(0, 3), (1, 4), (2, 3)])
    for _ in 0..<booleans {
      globals.append(TypedVariable(name: declare(Vocabulary.variableNames), kind: .boolean))
    }
  }

  /// A new variable for the workspace's list, named from `names` (with a
  /// number added once they are all taken); names never clash, whatever
  /// their case.
  func declare(_ names: [String]) -> VariableName {
    var name = random.pick(names)
    var suffix = 2
    while usedNames.contains(name.lowercased()) {
      name = random.pick(names) + (random.percent(50) ? "\(suffix)" : "")
      suffix += 1
    }
    usedNames.insert(name.lowercased())
    let variable = VariableName(name: name, id: newID())
    declared.append(variable)
    return variable
  }

  /// A new loop counter, or nil when the program has enough globals.
  func newCounter() -> TypedVariable? {
    guard globals.count < Self.maxGlobals else { return nil }
    let counter = TypedVariable(
      name: declare(Vocabulary.counterNames), kind: .number, isCounter: true)
    globals.append(counter)
    return counter
  }

  func newProcedureName() -> String {
    var name = random.pick(Vocabulary.procedureNames)
    var suffix = 2
    while usedProcedureNames.contains(name.lowercased()) {
      name = random.pick(Vocabulary.procedureNames) + "\(suffix)"
      suffix += 1
    }
    usedProcedureNames.insert(name.lowercased())
    return name
  }

  /// Variables and parameters of `kind` that `scope` may read. In a
  /// procedure, a parameter hides the global variable of the same name.
  func readable(_ kind: ValueKind, _ scope: Scope) -> [TypedVariable] {
    visible(scope).filter { $0.kind == kind }
  }

  /// Variables and parameters of `kind` (any when nil) that `scope` may
  /// write: no loop counter, and no loop variable of an enclosing loop.
  func writable(_ kind: ValueKind?, _ scope: Scope) -> [TypedVariable] {
    visible(scope).filter {
      (kind == nil || $0.kind == kind) && !$0.isCounter && !scope.protected.contains($0.name.id)
    }
  }

  private func visible(_ scope: Scope) -> [TypedVariable] {
    guard scope.procedure != nil else { return globals }
    let hidden = Set(parameters.map { $0.name.name.lowercased() })
    return globals.filter { !hidden.contains($0.name.name.lowercased()) } + parameters
  }

  /// Procedures `scope` may call among those `fits` accepts: light
  /// enough for the loops around the call; in a sampled condition, only
  /// procedures without loops.
  func callable(_ scope: Scope, _ fits: (ProcedureInfo) -> Bool) -> [Int] {
    procedures.indices.filter { index in
      let procedure = procedures[index]
      guard fits(procedure), !scope.isSampled || procedure.weight == 1 else { return false }
      return scope.loopProduct * procedure.weight <= Self.maxLoopProduct
    }
  }
}
