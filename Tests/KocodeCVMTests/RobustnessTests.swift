import KocodeBytecode
import KocodeCVM
import KocodeVM
import Testing

/// Images no verifier would pass still run the same on both VMs: the
/// run-time checks of docs/bytecode.md section 9 end them with the same
/// error at the same instruction, and nothing reads outside its buffer.
@Suite struct RobustnessTests {
  /// Both VMs on `image` with the test environment.
  static func runs(
    _ image: Image, limitUS: Int64 = 500_000, seed: UInt32 = 7
  ) -> (c: Fixtures.Run, swift: Fixtures.Run) {
    let c = CMachine(
      image: image, board: Fixtures.board, environment: TestEnvironment(), seed: seed)
    var cLines: [String] = []
    let cReason = c.run(limitUS: limitUS) { cLines.append($0.jsonLine) }
    let swift = Machine(
      image: image, board: Fixtures.board, environment: TestEnvironment(), seed: seed)
    var swiftLines: [String] = []
    let swiftReason = swift.run(limitUS: limitUS) { swiftLines.append($0.jsonLine) }
    return (
      Fixtures.Run(
        lines: cLines, reason: cReason, instructions: c.instructionCount, timeUS: c.timeUS,
        outputs: c.outputValues),
      Fixtures.Run(
        lines: swiftLines, reason: swiftReason, instructions: swift.instructionCount,
        timeUS: swift.timeUS, outputs: swift.outputValues)
    )
  }

  @Test func damagedImagesRunTheSame() {
    var mutator = Mutator(seed: 4_242)
    let corpus = VerifierAgreementTests.corpus
    var mismatches = 0
    var errors = 0
    for _ in 0..<5_000 {
      let image = mutator.damaged(corpus[mutator.random.below(corpus.count)])
      let (c, swift) = Self.runs(image)
      if swift.reason == .error { errors += 1 }
      if c != swift {
        mismatches += 1
        if mismatches <= 3 { Issue.record("C:\n\(c)\nSwift:\n\(swift)\n\(image.code)") }
      }
    }
    print("damaged images: 5000 run on both VMs, \(errors) ended on a runtime error")
    #expect(mismatches == 0)
  }

  @Test func randomCodeRunsTheSame() {
    var mutator = Mutator(seed: 99)
    var mismatches = 0
    for _ in 0..<5_000 {
      let bytes = mutator.wrappedGarbage()
      let image = Image(
        boardID: 1, scriptCount: bytes[6], globalCount: bytes[7], functionCount: bytes[8],
        code: Array(bytes[14...]),
        host: HostSection(texts: (0..<Int(bytes[9])).map { "t\($0)" }))
      let (c, swift) = Self.runs(image)
      if c != swift {
        mismatches += 1
        if mismatches <= 3 { Issue.record("C:\n\(c)\nSwift:\n\(swift)\n\(image.code)") }
      }
    }
    #expect(mismatches == 0)
  }

  typealias Build = @Sendable (inout TinyAssembler) -> Void

  /// Each ends the run with `code` at the instruction of block "here".
  static let failures: [(name: String, code: RuntimeErrorCode, build: Build)] = [
    (
      "a push past the need", .stackOverflow,
      { a in
        a.function("main", need: 2)
        a.emit(.push1)
        a.block("here")
        a.emit(.push1)
        a.emit(.end)
      }
    ),
    (
      "a call past the need", .stackOverflow,
      { a in
        a.function("deep", locals: 8, need: 9, kind: 0)
        a.emit(.ret)
        a.function("main", need: 4)
        a.block("here")
        a.emit(.call, "deep")
        a.emit(.end)
      }
    ),
    (
      "an entry frame larger than the need", .stackOverflow,
      { a in
        a.function("main", locals: 3, need: 3)
        a.block("here")
        a.emit(.end)
      }
    ),
    (
      "a pop below the frame", .badInstruction,
      { a in
        a.function("main", locals: 1, need: 4)
        a.block("here")
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "falling into a header", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.emit(.push1)
        a.emit(.printNum)
        a.block("here")
        a.function("other", need: 2)
        a.emit(.end)
      }
    ),
    (
      "a jump past the code", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.block("here")
        a.emit(.jump, 200)
      }
    ),
    (
      "a jump before the code", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.block("here")
        a.emit(.loop, 200)
      }
    ),
    (
      "a call to no header", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.block("here")
        a.emit(.call, 6)
        a.emit(.end)
      }
    ),
    (
      "a local past the frame", .badInstruction,
      { a in
        a.function("main", locals: 1, need: 4)
        a.block("here")
        a.emit(.storeL, 1)
        a.emit(.end)
      }
    ),
    (
      "a text the image lacks", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.block("here")
        a.emit(.printText, 3)
        a.emit(.end)
      }
    ),
    (
      "an output the board lacks", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.emit(.push1)
        a.block("here")
        a.emit(.pulseMs, 9)
        a.emit(.pulseEnd, 9)
        a.emit(.end)
      }
    ),
    (
      "a channel past the analog inputs", .badInstruction,
      { a in
        a.function("main", need: 4)
        a.block("here")
        a.emit(.analogRead, 6)
        a.emit(.end)
      }
    ),
  ]

  @Test(arguments: failures.indices)
  func failsLikeTheReference(_ index: Int) {
    let (name, code, build) = Self.failures[index]
    var assembler = TinyAssembler()
    build(&assembler)
    let (c, swift) = Self.runs(assembler.image)
    #expect(c == swift, "\(name)\nC:\n\(c)\nSwift:\n\(swift)")
    let error = c.lines.first { $0.contains("\"error\"") } ?? ""
    #expect(error.contains(code.name), "\(name): \(c)")
    #expect(error.contains("\"block\":\"here\""), "\(name): \(c)")
  }

  @Test func aScriptCountThatDoesNotMatchFailsAtStart() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 2)
    assembler.emit(.end)
    var image = assembler.image
    image.scriptCount = 2
    let (c, swift) = Self.runs(image)
    #expect(c == swift)
    #expect(c.reason == .error && c.lines.count == 3)
  }
}
