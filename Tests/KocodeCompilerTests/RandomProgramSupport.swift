import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeRandomPrograms
import KocodeVM

/// The stream of random programs the property tests share, and what each
/// program goes through: both formats compiled, the image verified, run
/// twice.
enum RandomPrograms {
  static let seed: UInt64 = 0x4B6F_636F_6465_2021
  static let count = 2_000
  /// Two simulated seconds.
  static let runLimitUS: Int64 = 2_000_000

  /// Errors a random program may get for not fitting the board.
  static let sizeCodes: Set<String> = ["program_too_large", "program_too_deep", "too_many_texts"]

  /// Opcodes no program can need: `FOR_NEXT` jumps only over the store and
  /// the `LOOP` after it, so its 16-bit form is never needed.
  static let opcodesNeverGenerated: Set<Opcode> = [.forNextW]

  /// What happened to one program.
  struct Outcome: Sendable {
    var seed: UInt64
    /// The program does not fit the board: nothing else was checked.
    var doesNotFit = false
    /// What went wrong, in words; empty when all is well.
    var problems: [String] = []
    /// The block types of the workspace, the values of their option
    /// fields (`math_round.OP=ROUNDUP`) and the opcodes of its image.
    var blockTypes: Set<String> = []
    var fieldValues: Set<String> = []
    var opcodes: Set<Opcode> = []
  }

  /// Every program of the stream examined once, in stream order, by
  /// parts that run side by side; the tests await the same task.
  static let outcomes = Task { await examineStream() }

  private static func examineStream() async -> [Outcome] {
    var generator = RandomProgramGenerator(seed: seed)
    let seeds = (0..<count).map { _ in generator.nextSeed() }
    let parts = 8
    return await withTaskGroup(of: [(Int, Outcome)].self) { group in
      for part in 0..<parts {
        group.addTask {
          stride(from: part, to: seeds.count, by: parts).map { index in
            (index, examine(RandomProgramGenerator.program(seed: seeds[index])))
          }
        }
      }
      var outcomes = seeds.map { Outcome(seed: $0) }
      for await results in group {
        for (index, outcome) in results { outcomes[index] = outcome }
      }
      return outcomes
    }
  }

  /// Compiles both formats, verifies the image and runs it twice.
  static func examine(_ program: GeneratedProgram) -> Outcome {
    var outcome = Outcome(seed: program.seed)
    let fromJSON: Compilation
    let fromXML: Compilation
    do {
      let workspace = try WorkspaceReader.read(Array(program.json.utf8))
      (outcome.blockTypes, outcome.fieldValues) = contents(of: workspace)
      fromJSON = Compiler.compile(workspace, board: TestBoards.uno)
      fromXML = Compiler.compile(
        try WorkspaceReader.read(Array(program.xml.utf8)), board: TestBoards.uno)
    } catch {
      outcome.problems.append("malformed: \(error)")
      return outcome
    }
    let errors = fromJSON.diagnostics.filter(\.isError).map(\.code)
    if !errors.isEmpty, errors.allSatisfy(sizeCodes.contains),
      errors == fromXML.diagnostics.filter(\.isError).map(\.code)
    {
      outcome.doesNotFit = true
      return outcome
    }
    outcome.problems = compileProblems(program, fromJSON, fromXML)
    guard outcome.problems.isEmpty, let image = fromJSON.image else { return outcome }
    outcome.opcodes = opcodes(image)
    do {
      _ = try Verifier.verify(image, limits: TestBoards.unoLimits)
    } catch {
      outcome.problems.append("the verifier refuses the image: \(error)")
      return outcome
    }
    outcome.problems += runProblems(image)
    return outcome
  }

  /// Errors, missing or different images, and block counts that differ
  /// from the generator's.
  private static func compileProblems(
    _ program: GeneratedProgram, _ fromJSON: Compilation, _ fromXML: Compilation
  ) -> [String] {
    let errors = (fromJSON.diagnostics + fromXML.diagnostics).filter(\.isError)
    guard errors.isEmpty else {
      return errors.map { "\($0.code) on block \($0.block ?? "-"): \($0.message.en)" }
    }
    guard let image = fromJSON.image, let xmlImage = fromXML.image else {
      return ["no image, and no error"]
    }
    var problems: [String] = []
    if image.fileBytes != xmlImage.fileBytes {
      problems.append("the JSON and XML images differ")
    }
    if fromJSON.blockCount != program.blockCount || fromXML.blockCount != program.blockCount {
      problems.append(
        "generated \(program.blockCount) blocks; the compiler counts \(fromJSON.blockCount) "
          + "(JSON) and \(fromXML.blockCount) (XML)")
    }
    return problems
  }

  /// Runs the image twice: no error that a verified image must never
  /// meet, and the same trace both times.
  static func runProblems(_ image: Image) -> [String] {
    let first = run(image)
    var problems: [String] = []
    for case .error(let time, let code, let block) in first
    where code == .stackOverflow || code == .badInstruction {
      problems.append("\(code.name) at \(time) ms in block \(block ?? "-")")
    }
    if run(image) != first { problems.append("two runs give different traces") }
    return problems + traceProblems(first)
  }

  /// A trace starts, ends once, goes forward in time, and writes each
  /// output within its range (0–255 on PWM pins, else 0 or 1).
  static func traceProblems(_ trace: [TraceEvent]) -> [String] {
    var problems: [String] = []
    if trace.first?.type != "start" { problems.append("the trace does not begin with start") }
    if trace.last?.type != "end" || trace.filter({ $0.type == "end" }).count != 1 {
      problems.append("the trace does not end with one end")
    }
    if zip(trace, trace.dropFirst()).contains(where: { $0.timeMS > $1.timeMS }) {
      problems.append("the trace goes back in time")
    }
    let board = TestBoards.uno
    for case .output(let time, let name, let value) in trace {
      let pwm = board.outputs.first { $0.name == name }?.pwm == true
      if value < 0 || value > (pwm ? 255 : 1) {
        problems.append("output \(name) set to \(value) at \(time) ms")
      }
    }
    return problems
  }

  static func run(_ image: Image) -> [TraceEvent] {
    let board = TestBoards.uno
    let machine = Machine(
      image: image, board: board, environment: SimpleGreenhouse(board: board), seed: 1)
    return machine.trace(limitUS: runLimitUS)
  }

  /// True when `board` has what the block needs: its sensor or output, and
  /// options for its board fields.
  static func runs(_ spec: BlockSpec, on board: BoardDefinition) -> Bool {
    switch spec.requires {
    case .sensor(let name) where board.sensors[name] == nil: return false
    case .output(let name) where board.outputIndex(named: name) == nil: return false
    default: break
    }
    return spec.fields.allSatisfy { field in
      guard case .board(let choice) = field.kind else { return true }
      return !choice.options(on: board).isEmpty
    }
  }

  /// Every block type in a workspace, and every value of their option
  /// fields.
  static func contents(of workspace: Workspace) -> (types: Set<String>, fields: Set<String>) {
    var types: Set<String> = []
    var fields: Set<String> = []
    var work = workspace.stacks.flatMap { $0 }
    while let block = work.popLast() {
      types.insert(block.type)
      for field in BlockCatalog.spec(for: block.type)?.fields ?? [] {
        if let value = block.fields[field.name]?.text, hasOptions(field) {
          fields.insert("\(block.type).\(field.name)=\(value)")
        }
      }
      for stack in block.inputs.values { work += stack }
    }
    return (types, fields)
  }

  /// Every value the option fields of the blocks `board` runs may take,
  /// as `contents(of:)` writes them.
  static func fieldValues(on board: BoardDefinition) -> Set<String> {
    var values: Set<String> = []
    for spec in BlockCatalog.all where runs(spec, on: board) {
      for field in spec.fields {
        let options: [String]
        switch field.kind {
        case .options(let list, _): options = list.map(\.value)
        case .board(let choice): options = choice.options(on: board)
        default: options = []
        }
        values.formUnion(options.map { "\(spec.type).\(field.name)=\($0)" })
      }
    }
    return values
  }

  private static func hasOptions(_ field: FieldSpec) -> Bool {
    switch field.kind {
    case .options, .board: true
    default: false
    }
  }

  /// Every opcode in an image's code, read instruction by instruction.
  static func opcodes(_ image: Image) -> Set<Opcode> {
    var found: Set<Opcode> = []
    var offset = 0
    while let instruction = Instruction.decode(image.code, at: offset) {
      found.insert(instruction.opcode)
      offset = instruction.end
    }
    return found
  }
}
