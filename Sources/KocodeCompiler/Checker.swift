import KocodeBlocks
import KocodeBoard
import KocodeSupport

/// Checks a workspace against the language (language.md sections 2–4 and
/// 7) and a board: reports every problem, and works out the facts the code
/// generator needs (scripts, procedures in call order, variables and
/// types).
///
/// Nothing here recurses once per block: blocks are walked with explicit
/// work lists, so a program nested a thousand levels deep, or a stack of
/// thousands of blocks, is checked like any other.
public struct Checker: Sendable {
  public let board: BoardDefinition

  public init(board: BoardDefinition) {
    self.board = board
  }

  /// Checks `workspace`. The result's diagnostics are sorted by where
  /// their block appears in the file, then by code; those without a block
  /// come last.
  public func check(_ workspace: Workspace) -> CheckedProgram {
    Session(board: board, workspace: workspace).run()
  }
}

extension Checker {
  /// A script or a procedure body: one walk from its top block.
  struct Unit {
    var root: Block
    /// Index into `Session.definitions` for a procedure body.
    var definition: Int?
  }

  /// A procedure definition that takes part in the program (enabled).
  struct Definition {
    var block: Block
    var name: String
    var parameters: [String]
    var parameterTerms: [Int]
    /// Nil for `procedures_defnoreturn`.
    var returnTerm: Int?
    /// Another enabled definition already has this name.
    var isDuplicate: Bool
  }

  /// A diagnostic waiting to be sorted.
  struct PendingDiagnostic {
    var diagnostic: Diagnostic
    var order: Int
    var sequence: Int
  }

  /// The state of one `check` call.
  final class Session {
    let board: BoardDefinition
    let workspace: Workspace
    var pending: [PendingDiagnostic] = []

    /// Pre-order position of every block in the file, for sorting.
    var fileOrder: [ObjectIdentifier: Int] = [:]
    var scripts: [Block] = []
    var units: [Unit] = []
    var definitions: [Definition] = []
    /// Lower-cased name to the first enabled definition of that name.
    var definitionByName: [String: Int] = [:]
    var disabledDefinitionNames: Set<String> = []

    var globals: [GlobalSlot] = []
    var globalByKey: [String: Int] = [:]
    var references: [ObjectIdentifier: Binding] = [:]
    var declaredByID: [String: Variable] = [:]
    var declaredByName: [String: Variable] = [:]

    var types = TypeTable()
    var constraints: [Constraint] = []
    /// The type term of every value block walked.
    var terms: [ObjectIdentifier: Int] = [:]
    var valueBlocks: [Block] = []
    var calls: [CallSite] = []
    var callResolutions: [ObjectIdentifier: CallResolution] = [:]
    var numbers: [ObjectIdentifier: Int32] = [:]

    init(board: BoardDefinition, workspace: Workspace) {
      self.board = board
      self.workspace = workspace
      for variable in workspace.variables {
        declaredByID[variable.id] = declaredByID[variable.id] ?? variable
        let key = variable.name.lowercased()
        declaredByName[key] = declaredByName[key] ?? variable
      }
    }

    func run() -> CheckedProgram {
      numberBlocks()
      collectTopLevel()
      for unit in units {
        walk(unit)
      }
      let order = checkCalls()
      solveTypes()
      let globalIndex = finishVariables()
      checkScriptCount()
      return makeProgram(procedureOrder: order, globalIndex: globalIndex)
    }

    // MARK: - Diagnostics

    /// Records a diagnostic on `block` (or on the whole program).
    func report(_ code: DiagnosticCode, _ block: Block?, _ message: Localized) {
      let order = block.flatMap { fileOrder[ObjectIdentifier($0)] } ?? Int.max
      let diagnostic = Diagnostic(
        code, block: block?.id, message: message, line: block?.line, column: block?.column)
      pending.append(
        PendingDiagnostic(diagnostic: diagnostic, order: order, sequence: pending.count))
    }

    /// The display name of a block for messages; its type when unknown.
    func displayName(_ block: Block) -> Localized {
      BlockCatalog.spec(for: block.type)?.name ?? Localized(fr: block.type, en: block.type)
    }

    var boardTitle: Localized { Localized(fr: board.title.fr, en: board.title.en) }

    func sortedDiagnostics() -> [Diagnostic] {
      pending.sorted {
        ($0.order, $0.diagnostic.code, $0.sequence) < ($1.order, $1.diagnostic.code, $1.sequence)
      }.map(\.diagnostic)
    }

    // MARK: - Result

    func makeProgram(procedureOrder: [Int], globalIndex: [Int: Int]) -> CheckedProgram {
      var program = CheckedProgram()
      program.scripts = scripts
      var position = [Int](repeating: 0, count: definitions.count)
      for (index, definition) in procedureOrder.enumerated() {
        position[definition] = index
        program.procedures.append(procedure(definitions[definition]))
      }
      program.globals = globalIndex.sorted { $0.value < $1.value }.map { slot, _ in
        let global = globals[slot]
        return GlobalVariable(name: global.name, id: global.id, type: resolved(global.term))
      }
      for block in valueBlocks {
        let term = terms[ObjectIdentifier(block)] ?? TypeTable.numberTerm
        program.valueTypes[ObjectIdentifier(block)] = resolved(term)
      }
      for (block, binding) in references {
        switch binding {
        case .global(let slot): program.variables[block] = .global(globalIndex[slot] ?? 0)
        case .parameter(let index): program.variables[block] = .parameter(index)
        }
      }
      for call in calls {
        program.callTargets[ObjectIdentifier(call.block)] = position[call.callee]
      }
      program.numbers = numbers
      program.diagnostics = sortedDiagnostics()
      return program
    }

    func procedure(_ definition: Definition) -> Procedure {
      Procedure(
        name: definition.name, block: definition.block, parameters: definition.parameters,
        parameterTypes: definition.parameterTerms.map(resolved),
        returnType: definition.returnTerm.map(resolved))
    }
  }
}
