import KocodeBlocks
import KocodeBytecode
import KocodeCompiler
import KocodeRandomPrograms
import Testing

/// Properties of the whole pipeline over a fixed stream of random
/// well-typed programs (`RandomPrograms`): each compiles from JSON and from
/// XML to the same image, which the verifier accepts and the VM runs the
/// same way twice without an error a verified image must never meet.
@Suite struct RandomProgramTests {
  @Test func programsCompileVerifyAndRunTheSameTwice() async {
    for (index, outcome) in await RandomPrograms.outcomes.value.enumerated()
    where !outcome.problems.isEmpty {
      let json = RandomProgramGenerator.program(seed: outcome.seed).json
      Issue.record("program \(index) (seed \(outcome.seed)): \(outcome.problems)\n\(json)")
    }
  }

  @Test func mostProgramsFitTheUno() async {
    let outcomes = await RandomPrograms.outcomes.value
    let tooBig = outcomes.filter(\.doesNotFit).count
    #expect(tooBig * 10 < outcomes.count, "\(tooBig) programs do not fit")
  }

  @Test func streamUsesEveryBlockFieldValueAndOpcode() async {
    let outcomes = await RandomPrograms.outcomes.value
    let types = outcomes.reduce(into: Set<String>()) { $0.formUnion($1.blockTypes) }
    let fields = outcomes.reduce(into: Set<String>()) { $0.formUnion($1.fieldValues) }
    let opcodes = outcomes.reduce(into: Set<Opcode>()) { $0.formUnion($1.opcodes) }
    let board = TestBoards.uno
    let expected = BlockCatalog.all.filter { RandomPrograms.runs($0, on: board) }.map(\.type)
    #expect(Set(expected).subtracting(types).sorted() == [])
    #expect(RandomPrograms.fieldValues(on: board).subtracting(fields).sorted() == [])
    let missing = Set(Opcode.allCases).subtracting(opcodes)
    #expect(missing == RandomPrograms.opcodesNeverGenerated, "missing: \(missing)")
  }

  @Test func aSeedAlwaysGivesTheSamePrograms() {
    var first = RandomProgramGenerator(seed: 7)
    var second = RandomProgramGenerator(seed: 7)
    for _ in 0..<20 {
      let program = first.next()
      #expect(program == second.next())
      #expect(RandomProgramGenerator.program(seed: program.seed) == program)
    }
    var other = RandomProgramGenerator(seed: 8)
    var again = RandomProgramGenerator(seed: 7)
    #expect(other.next() != again.next())
  }

  @Test func withoutRuntimeErrorsNothingFails() {
    var options = RandomProgramGenerator.Options()
    options.includesRuntimeErrors = false
    var generator = RandomProgramGenerator(seed: 11, options: options)
    for index in 0..<100 {
      let program = generator.next()
      let compilation = Compiler.compile(Array(program.json.utf8), board: TestBoards.uno)
      guard let image = compilation.image else { continue }
      let errors = RandomPrograms.run(image).filter { $0.type == "error" }
      #expect(errors.isEmpty, "program \(index): \(errors)\n\(program.json)")
    }
  }

  @Test func optionsLeaveBlocksOut() throws {
    var options = RandomProgramGenerator.Options()
    options.includesWaits = false
    options.includesProcedures = false
    options.includesRandomNumbers = false
    options.maxScripts = 2
    var generator = RandomProgramGenerator(seed: 12, options: options)
    let excluded: Set<String> = [
      "kocode_wait", "kocode_wait_until", "kocode_water", "kocode_beep", "math_random_int",
      "procedures_defnoreturn", "procedures_defreturn", "procedures_callnoreturn",
      "procedures_callreturn", "procedures_ifreturn",
    ]
    for index in 0..<100 {
      let program = generator.next()
      let outcome = RandomPrograms.examine(program)
      #expect(outcome.problems.isEmpty, "program \(index): \(outcome.problems)\n\(program.json)")
      #expect(outcome.blockTypes.isDisjoint(with: excluded), "program \(index)")
      let workspace = try WorkspaceReader.read(Array(program.xml.utf8))
      #expect(workspace.stacks.count <= 2)
    }
  }
}
