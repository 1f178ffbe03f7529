import KocodeBytecode
import KocodeCVM
import Testing

/// One hand-made image per rule of docs/bytecode.md section 4: the C
/// verifier gives the rule's own code, at the Swift verifier's offset.
@Suite struct VerifierRuleTests {
  typealias Build = @Sendable (inout TinyAssembler) -> Void

  static let cases: [(name: String, code: Int, build: Build)] = [
    (
      "a script calls a script", 41,
      { a in
        a.function("first", need: 2)
        a.emit(.end)
        a.function("second", need: 4)
        a.emit(.call, "first")
        a.emit(.end)
      }
    ),
    (
      "a call to a later procedure", 40,
      { a in
        a.function("main", need: 4)
        a.emit(.call, "later")
        a.emit(.end)
        a.function("later", need: 2, kind: 0)
        a.emit(.ret)
      }
    ),
    (
      "a call to itself", 40,
      { a in
        a.function("self", need: 4, kind: 0)
        a.emit(.call, "self")
        a.emit(.ret)
        a.function("main", need: 2)
        a.emit(.end)
      }
    ),
    (
      "a call into a body", 40,
      { a in
        a.function("procedure", need: 2, kind: 0)
        a.label("body")
        a.emit(.ret)
        a.function("main", need: 4)
        a.emit(.call, "body")
        a.emit(.end)
      }
    ),
    (
      "RET in a script", 39,
      { a in
        a.function("main", need: 2)
        a.emit(.ret)
      }
    ),
    (
      "END in a procedure", 39,
      { a in
        a.function("procedure", need: 2, kind: 0)
        a.emit(.end)
        a.function("main", need: 2)
        a.emit(.end)
      }
    ),
    (
      "RET in a procedure with a value", 39,
      { a in
        a.function("procedure", need: 2, kind: 1)
        a.emit(.ret)
        a.function("main", need: 2)
        a.emit(.end)
      }
    ),
    (
      "a jump into an operand", 52,
      { a in
        a.function("main", need: 4)
        a.emit(.jump, 1)
        a.emit(.pushI8, 5)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "a jump back to the header", 51,
      { a in
        a.function("main", need: 4)
        a.emit(.loop, 7)
      }
    ),
    (
      "a jump back into an operand", 52,
      { a in
        a.function("main", need: 4)
        a.emit(.pushI8, 5)
        a.emit(.pop)
        a.emit(.loop, 4)
      }
    ),
    (
      "a forward jump past the function", 51,
      { a in
        a.function("main", need: 4)
        a.emit(.jump, "next")
        a.function("other", need: 2)
        a.label("next")
        a.emit(.end)
      }
    ),
    (
      "two heights at one offset", 60,
      { a in
        a.function("main", need: 4)
        a.emit(.push1)
        a.emit(.jumpIfFalse, "join")
        a.emit(.push1)
        a.label("join")
        a.emit(.end)
      }
    ),
    (
      "a pop from nothing", 62,
      { a in
        a.function("main", need: 4)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "a need too small", 63,
      { a in
        a.function("main", need: 2)
        a.emit(.push1)
        a.emit(.push1)
        a.emit(.pop)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "scripts beyond the stack slots", 64,
      { a in
        a.function("first", need: 100)
        a.emit(.end)
        a.function("second", need: 100)
        a.emit(.end)
      }
    ),
    (
      "a procedure after the scripts", 25,
      { a in
        a.function("main", need: 2)
        a.emit(.end)
        a.function("procedure", need: 2, kind: 0)
        a.emit(.ret)
      }
    ),
    (
      "a script with parameters", 24,
      { a in
        a.function("main", params: 1, need: 3)
        a.emit(.end)
      }
    ),
    (
      "an unknown kind", 23,
      { a in
        a.function("main", need: 2, kind: 3)
        a.emit(.end)
      }
    ),
    (
      "falling off the end", 22,
      { a in
        a.function("main", need: 2)
        a.emit(.push1)
        a.emit(.pop)
      }
    ),
    (
      "an empty function", 21,
      { a in
        a.function("main", need: 2)
        a.function("other", need: 2)
        a.emit(.end)
      }
    ),
    (
      "PWM on a digital output", 35,
      { a in
        a.function("main", need: 4)
        a.emit(.push1)
        a.emit(.pwmWrite, 1)
        a.emit(.end)
      }
    ),
    (
      "an output the board lacks", 34,
      { a in
        a.function("main", need: 2)
        a.emit(.outOn, 8)
        a.emit(.end)
      }
    ),
    (
      "an analog channel the board lacks", 36,
      { a in
        a.function("main", need: 4)
        a.emit(.analogRead, 6)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "a digital pin the board lacks", 37,
      { a in
        a.function("main", need: 4)
        a.emit(.digitalRead, 4)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "a text the image lacks", 38,
      { a in
        a.function("main", need: 2)
        a.emit(.printText, 0)
        a.emit(.end)
      }
    ),
    (
      "a global the image lacks", 32,
      { a in
        a.function("main", need: 4)
        a.emit(.loadG, 4)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "a local the frame lacks", 33,
      { a in
        a.function("main", locals: 1, need: 4)
        a.emit(.loadL, 1)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "FOR_PREP's second slot", 33,
      { a in
        a.function("main", locals: 1, need: 8)
        a.emit(.push1)
        a.emit(.push1)
        a.emit(.push1)
        a.emit(.forPrep, 0)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
    (
      "an unknown opcode", 30,
      { a in
        a.function("main", need: 2)
        a.emit(.push0)
        a.emit(.pop)
        a.emit(.end)
      }
    ),
  ]

  @Test(arguments: cases.indices)
  func ruleHasItsCode(_ index: Int) {
    let (name, code, build) = Self.cases[index]
    var assembler = TinyAssembler()
    build(&assembler)
    var image = assembler.image
    if name == "an unknown opcode" { image.code[5] = 0x0D }
    let result = CVerifier.verify(image.boardBytes, board: Fixtures.board)
    #expect(result.code == code, "\(name): \(result)")
    #expect(ImageSources.disagreement(image.boardBytes) == nil, "\(name)")
  }

  /// A program where nothing runs: no code, no function, no script.
  @Test func anEmptyProgramIsValidAndFinishesAtOnce() {
    let empty = TinyAssembler().image
    #expect(CVerifier.verify(empty.boardBytes, board: Fixtures.board).isAccepted)
    #expect(ImageSources.disagreement(empty.boardBytes) == nil)
    let run = Fixtures.cRun(empty, limitUS: 1_000_000)
    #expect(run == Fixtures.swiftRun(empty, limitUS: 1_000_000))
    #expect(run.reason == .finished)
    var declared = empty
    declared.functionCount = 1
    #expect(CVerifier.verify(declared.boardBytes, board: Fixtures.board).code == 20)
  }

  @Test func countsInTheHeaderMustMatchTheCode() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 2)
    assembler.emit(.end)
    var functions = assembler.image
    functions.functionCount = 2
    #expect(CVerifier.verify(functions.boardBytes, board: Fixtures.board).code == 26)
    var scripts = assembler.image
    scripts.scriptCount = 0
    #expect(CVerifier.verify(scripts.boardBytes, board: Fixtures.board).code == 27)
    for image in [functions, scripts] {
      #expect(ImageSources.disagreement(image.boardBytes) == nil)
    }
  }
}
