import KocodeBytecode
import Testing

/// Expects the verifier to refuse `image` with exactly `reason` at `offset`.
private func expectRejected(
  _ image: Image, at offset: Int, _ reason: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    throws: ImageError.rejected(offset: offset, reason: reason), sourceLocation: sourceLocation
  ) {
    _ = try Verifier.verify(image, limits: Fixture.limits)
  }
}

/// `docs/bytecode.md` section 4, accepted programs: shapes the compiler makes.
@Suite struct VerifierAcceptsTests {
  @Test func sampleProgramPassesWithItsNeeds() throws {
    let program = try Verifier.verify(Fixture.sampleProgram(), limits: Fixture.limits)
    #expect(program.functions.map(\.headerOffset) == [0, 11, 44, 57])
    #expect(program.functions.map(\.bodyOffset) == [5, 16, 49, 62])
    #expect(program.functions.map(\.endOffset) == [11, 44, 57, 70])
    #expect(program.functions.map(\.params) == [1, 1, 0, 0])
    #expect(program.functions.map(\.locals) == [0, 2, 0, 0])
    #expect(program.functions.map(\.kind) == [.procedureWithValue, .procedure, .script, .script])
    #expect(program.functions.map(\.need) == [4, 8, 9, 2])
    #expect(program.functions.map(\.measuredNeed) == [4, 8, 9, 2])
    #expect(program.scripts.map(\.headerOffset) == [44, 57])
    #expect(program.scriptNeed == 11)
    #expect(program.function(atHeader: 11)?.params == 1)
    #expect(program.function(atHeader: 12) == nil)
    #expect(program.function(containing: 43)?.index == 1)
  }

  @Test func declaredNeedMayExceedTheMeasuredOne() throws {
    let image = Fixture.script(need: 20) { asm in
      asm.emit(.push1)
      asm.emit(.storeG, 0)
      asm.emit(.end)
    }
    let program = try Verifier.verify(image, limits: Fixture.limits)
    #expect(program.functions[0].need == 20)
    #expect(program.functions[0].measuredNeed == 4)  // 2 locals, the link, one operand
  }

  @Test func everyHatShape() throws {
    var asm = TestAssembler()
    asm.function("every", need: 2, kind: 2)
    asm.label("top")
    asm.emit(.pushI8, 10)
    asm.emit(.everyBegin)
    asm.emit(.outOn, 1)
    asm.emit(.pushI16, 500)
    asm.emit(.waitMs)
    asm.emit(.outOff, 1)
    asm.emit(.everyNext, to: "top")
    let image = Fixture.image(asm.build(), functions: 1, scripts: 1)
    #expect(try Verifier.verify(image, limits: Fixture.limits).scriptNeed == 2)
  }

  @Test func whenHatShape() throws {
    var asm = TestAssembler()
    asm.function("when", need: 3, kind: 2)
    asm.label("top")
    asm.emit(.whenWait)
    asm.emit(.soil)
    asm.emit(.pushI8, 30)
    asm.emit(.lt)
    asm.emit(.whenFire, to: "top")
    asm.emit(.pushI8, 5)
    asm.emit(.pulseS, 0)
    asm.emit(.pulseEnd, 0)
    asm.emit(.loop, to: "top")
    let image = Fixture.image(asm.build(), functions: 1, scripts: 1)
    let program = try Verifier.verify(image, limits: Fixture.limits)
    #expect(program.scriptNeed == 3)
  }

  @Test func waitUntilShape() throws {
    var asm = TestAssembler()
    asm.function("start", need: 3, kind: 2)
    asm.label("top")
    asm.emit(.button)
    asm.emit(.waitUntil, to: "top")
    asm.emit(.stopAll)
    let image = Fixture.image(asm.build(), functions: 1, scripts: 1)
    _ = try Verifier.verify(image, limits: Fixture.limits)
  }

  @Test func repeatLoopWithWaitsAndPulses() throws {
    let image = Fixture.script(need: 4, locals: 1) { asm in
      asm.emit(.pushI8, 3)
      asm.emit(.storeL, 0)
      asm.label("top")
      asm.emit(.repeatTest, 0, to: "done")
      asm.emit(.pushI8, 2)
      asm.emit(.pulseS, 0)
      asm.emit(.pulseEnd, 0)
      asm.emit(.push1)
      asm.emit(.waitS)
      asm.emit(.loop, to: "top")
      asm.label("done")
      asm.emit(.end)
    }
    #expect(try Verifier.verify(image, limits: Fixture.limits).functions[0].measuredNeed == 3)
  }

  @Test func andOrKeepTheirValueOnTheJump() throws {
    let image = Fixture.script { asm in
      asm.emit(.loadG, 0)
      asm.emit(.and, to: "or")
      asm.emit(.loadG, 1)
      asm.label("or")
      asm.emit(.or, to: "store")
      asm.emit(.button)
      asm.label("store")
      asm.emit(.storeG, 2)
      asm.emit(.end)
    }
    #expect(Fixture.rejection(image) == nil)
  }

  @Test func ifElseWithWideJumps() throws {
    let image = Fixture.script { asm in
      asm.emit(.tankEmpty)
      asm.emit(.jumpIfFalseW, to: "else")
      asm.emit(.printText, 0)
      asm.emit(.jumpW, to: "end")
      asm.label("else")
      asm.emit(.printText, 1)
      asm.label("end")
      asm.emit(.end)
    }
    #expect(Fixture.rejection(image) == nil)
  }

  @Test func forLoopWithWideForms() throws {
    let image = Fixture.script(need: 6, locals: 2) { asm in
      asm.emit(.pushI8, 10)
      asm.emit(.push0)
      asm.emit(.pushI8, -2)
      asm.emit(.forPrep, 0)
      asm.label("top")
      asm.emit(.storeG, 0)
      asm.emit(.loadG, 0)
      asm.emit(.forTestW, 0, to: "done")
      asm.emit(.loadG, 0)
      asm.emit(.printNum)
      asm.emit(.loadG, 0)
      asm.emit(.forNextW, 0, to: "done")
      asm.emit(.loopW, to: "top")
      asm.label("done")
      asm.emit(.end)
    }
    #expect(try Verifier.verify(image, limits: Fixture.limits).functions[0].measuredNeed == 6)
  }

  @Test func unreachableCodeStartsAtHeightZero() throws {
    let image = Fixture.script { asm in
      asm.label("top")
      asm.emit(.printText, 0)
      asm.emit(.loop, to: "top")
      asm.emit(.push1)
      asm.emit(.storeG, 0)
      asm.emit(.stopScript)
    }
    #expect(Fixture.rejection(image) == nil)
  }

  @Test func codeAfterAJumpTakesTheForwardJumpsHeight() throws {
    let image = Fixture.script { asm in
      asm.emit(.push1)
      asm.emit(.push1)
      asm.emit(.and, to: "add")
      asm.emit(.storeG, 0)
      asm.emit(.push0)
      asm.emit(.push0)
      asm.emit(.jump, to: "add")
      asm.label("add")
      asm.emit(.add)
      asm.emit(.storeG, 1)
      asm.emit(.end)
    }
    #expect(Fixture.rejection(image) == nil)
  }

  @Test func stopInsideAProcedureActsOnTheScript() throws {
    var asm = TestAssembler()
    asm.function("halt", need: 1, kind: 0)
    asm.emit(.stopScript)
    asm.function("main", need: 2, kind: 2)
    asm.emit(.call, to: "halt")
    asm.emit(.stopAll)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    #expect(Fixture.rejection(image) == nil)
  }

  @Test func heightsFitAByte() {
    let fits = Fixture.script(need: 255, locals: 0) { asm in
      for _ in 0..<254 { asm.emit(.push0) }
      asm.emit(.end)
    }
    var limits = Fixture.limits
    limits.stackSlots = 255
    #expect(Fixture.rejection(fits, limits: limits) == nil)
    let over = Fixture.script(need: 255, locals: 0) { asm in
      for _ in 0..<255 { asm.emit(.push0) }
      asm.emit(.end)
    }
    expectRejected(
      over, at: 259,
      "PUSH_0 at 0x0103: needs 256 stack slots, its FUNCTION at 0x0000 declares 255")
  }
}

/// `docs/bytecode.md` section 4, rule 1: the header against the board.
@Suite struct VerifierHeaderTests {
  @Test func wrongBoard() {
    var limits = Fixture.limits
    limits.boardID = 2
    #expect(throws: ImageError.wrongBoard(expected: 2, actual: 1)) {
      _ = try Verifier.verify(Fixture.sampleProgram(), limits: limits)
    }
  }

  @Test func tooLarge() {
    let fits = Fixture.script { asm in
      for _ in 0..<460 { asm.emit(.push0) }
      asm.emit(.end)
    }
    #expect(fits.code.count == 466)
    #expect(throws: ImageError.tooLarge(size: 480, limit: 479)) {
      var limits = Fixture.limits
      limits.maxProgramBytes = 479
      _ = try Verifier.verify(fits, limits: limits)
    }
    var over = fits
    over.code.insert(Opcode.push0.rawValue, at: 5)
    #expect(throws: ImageError.tooLarge(size: 481, limit: 480)) {
      _ = try Verifier.verify(over, limits: Fixture.limits)
    }
  }

  @Test func countsWithinTheBoard() {
    var image = Fixture.sampleProgram()
    image.scriptCount = 5
    expectRejected(image, at: 0, "header: 5 scripts, the board allows 4")
    image = Fixture.sampleProgram()
    image.globalCount = 33
    expectRejected(image, at: 0, "header: 33 globals, the board allows 32")
    image = Fixture.sampleProgram()
    image.host.texts = Array(repeating: "t", count: 65)
    expectRejected(image, at: 0, "header: 65 texts, the board allows 64")
  }

  @Test func wrongFunctionCount() {
    var image = Fixture.sampleProgram()
    image.functionCount = 5
    expectRejected(image, at: 0, "header: 5 functions, the code has 4")
  }

  @Test func wrongScriptCount() {
    var image = Fixture.sampleProgram()
    image.scriptCount = 1
    expectRejected(image, at: 0, "header: 1 scripts, the code has 2")
  }

  @Test func scriptsMustFitTheStackSlots() {
    var asm = TestAssembler()
    for index in 0..<4 {
      asm.function("s\(index)", need: 30, kind: 2)
      asm.emit(.end)
    }
    let image = Fixture.image(asm.build(), functions: 4, scripts: 4)
    expectRejected(
      image, at: 18,
      "FUNCTION at 0x0012: the scripts need at least 120 stack slots, the board has 96")
  }
}

/// `docs/bytecode.md` section 4, rules 2 and 3: functions and instructions.
@Suite struct VerifierInstructionTests {
  @Test func codeStartsWithAFunction() {
    expectRejected(
      Fixture.image([0x43], functions: 0, scripts: 0), at: 0, "the code must start with FUNCTION")
    expectRejected(
      Fixture.image([], functions: 1, scripts: 1), at: 0, "the code must start with FUNCTION")
  }

  /// A program where nothing runs compiles to no code at all, and is valid.
  @Test func emptyProgramIsValid() throws {
    let program = try Verifier.verify(
      Fixture.image([], functions: 0, scripts: 0), limits: Fixture.limits)
    #expect(program.functions.isEmpty && program.scripts.isEmpty)
  }

  @Test func unknownOpcode() {
    let image = Fixture.script { asm in
      asm.emit(.end)
    }
    var bad = image
    bad.code[5] = 0xFF
    expectRejected(bad, at: 5, "unknown opcode 0xFF at 0x0005")
  }

  @Test func operandPastTheEnd() {
    var image = Fixture.script { asm in asm.emit(.pushI32, 1) }
    image.code.removeLast(2)
    expectRejected(image, at: 5, "PUSH_I32 at 0x0005: its operands run past the end of the code")
  }

  @Test func unknownFunctionKind() {
    var image = Fixture.script { asm in asm.emit(.end) }
    image.code[4] = 3
    expectRejected(image, at: 0, "FUNCTION at 0x0000: unknown function kind 3")
  }

  @Test func scriptWithParameters() {
    var image = Fixture.script { asm in asm.emit(.end) }
    image.code[1] = 1
    expectRejected(
      image, at: 0, "FUNCTION at 0x0000: a script takes no parameters, this one declares 1")
  }

  @Test func emptyFunction() {
    var asm = TestAssembler()
    asm.function("empty", need: 1, kind: 0)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 0, "FUNCTION at 0x0000: the function has no instructions")
  }

  @Test func scriptsBeforeProcedures() {
    var asm = TestAssembler()
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    asm.function("late", need: 1, kind: 0)
    asm.emit(.ret)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 6, "FUNCTION at 0x0006: a procedure after the scripts")
  }

  @Test func lastInstructionFallsOffTheEnd() {
    let image = Fixture.script { asm in
      asm.emit(.push1)
      asm.emit(.storeG, 0)
    }
    expectRejected(
      image, at: 6, "STORE_G at 0x0006: the last instruction of a function must not fall through")
  }

  @Test func lastInstructionFallsIntoTheNextFunction() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.emit(.printText, 0)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(
      image, at: 5,
      "PRINT_TEXT at 0x0005: the last instruction of a function must not fall through")
  }

  @Test func globalOutOfRange() {
    let image = Fixture.script { asm in
      asm.emit(.loadG, 4)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "LOAD_G at 0x0005: global 4 is out of range (4)")
  }

  @Test func localOutOfRange() {
    let image = Fixture.script(locals: 2) { asm in
      asm.emit(.loadL, 2)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "LOAD_L at 0x0005: local slot 2 is out of range (2 slots)")
  }

  @Test func forUsesTwoLocalSlots() {
    let image = Fixture.script(locals: 2) { asm in
      asm.emit(.push0)
      asm.emit(.push1)
      asm.emit(.push1)
      asm.emit(.forPrep, 1)
      asm.emit(.end)
    }
    expectRejected(image, at: 8, "FOR_PREP at 0x0008: local slot 2 is out of range (2 slots)")
  }

  @Test func parametersAreLocalSlots() {
    var asm = TestAssembler()
    asm.function("p", params: 2, need: 4, kind: 0)
    asm.emit(.loadL, 1)
    asm.emit(.storeL, 2)
    asm.emit(.ret)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 7, "STORE_L at 0x0007: local slot 2 is out of range (2 slots)")
  }

  @Test func outputOutOfRange() {
    let image = Fixture.script { asm in
      asm.emit(.outOn, 8)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "OUT_ON at 0x0005: output 8 is out of range (8)")
  }

  @Test func pwmOnlyOnPWMOutputs() {
    let good = Fixture.script { asm in
      asm.emit(.pushI16, 128)
      asm.emit(.pwmWrite, 5)
      asm.emit(.end)
    }
    #expect(Fixture.rejection(good) == nil)
    var bad = good
    bad.code[9] = 1
    expectRejected(bad, at: 8, "PWM_WRITE at 0x0008: output 1 cannot do PWM")
  }

  @Test func analogChannelOutOfRange() {
    let image = Fixture.script { asm in
      asm.emit(.analogRead, 6)
      asm.emit(.storeG, 0)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "ANALOG_READ at 0x0005: analog channel A6 is not on the board")
  }

  @Test func digitalPinNotDeclared() {
    let image = Fixture.script { asm in
      asm.emit(.digitalRead, 4)
      asm.emit(.storeG, 0)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "DIGITAL_READ at 0x0005: digital pin D4 is not on the board")
  }

  @Test func textOutOfRange() {
    let image = Fixture.script { asm in
      asm.emit(.printText, 2)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "PRINT_TEXT at 0x0005: text 2 is out of range (2)")
  }

  @Test func retInAScript() {
    let image = Fixture.script { asm in asm.emit(.ret) }
    expectRejected(image, at: 5, "RET at 0x0005: not allowed in a script")
  }

  @Test func returnsMatchTheProcedureKind() {
    var asm = TestAssembler()
    asm.function("p", need: 2, kind: 0)
    asm.emit(.push1)
    asm.emit(.retV)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let valueFromProcedure = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(valueFromProcedure, at: 6, "RET_V at 0x0006: not allowed in a procedure")

    var code = valueFromProcedure.code
    code[4] = 1
    code[5] = Opcode.ret.rawValue
    code[6] = Opcode.ret.rawValue
    let noValue = Fixture.image(code, functions: 2, scripts: 1)
    expectRejected(noValue, at: 5, "RET at 0x0005: not allowed in a procedure with a value")
  }

  @Test func endInAProcedure() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.emit(.end)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 5, "END at 0x0005: not allowed in a procedure")
  }

  @Test func hatInstructionsInAProcedure() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.emit(.whenWait)
    asm.emit(.ret)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 5, "WHEN_WAIT at 0x0005: not allowed in a procedure")
  }

  @Test func callToALaterFunction() {
    var asm = TestAssembler()
    asm.function("main", need: 2, kind: 2)
    asm.emit(.call, to: "other")
    asm.emit(.end)
    asm.function("other", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 2)
    expectRejected(image, at: 5, "CALL at 0x0005: 0x0009 is not the header of an earlier function")
  }

  @Test func callToItself() {
    var asm = TestAssembler()
    asm.function("p", need: 2, kind: 0)
    asm.emit(.call, to: "p")
    asm.emit(.ret)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 5, "CALL at 0x0005: 0x0000 is not the header of an earlier function")
  }

  @Test func callToANonHeaderOffset() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.label("body")
    asm.emit(.ret)
    asm.function("main", need: 2, kind: 2)
    asm.emit(.call, to: "body")
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(
      image, at: 11, "CALL at 0x000B: 0x0005 is not the header of an earlier function")
  }

  @Test func callToAScript() {
    var asm = TestAssembler()
    asm.function("first", need: 1, kind: 2)
    asm.emit(.end)
    asm.function("second", need: 2, kind: 2)
    asm.emit(.call, to: "first")
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 2)
    expectRejected(image, at: 11, "CALL at 0x000B: 0x0000 is a script, not a procedure")
  }
}

/// `docs/bytecode.md` section 4, rules 4 to 6: jumps, heights and needs.
@Suite struct VerifierFlowTests {
  @Test func forwardJumpIntoAnOperand() {
    let image = Fixture.script { asm in
      asm.emit(.jump, 1)
      asm.emit(.pushI16, 7)
      asm.emit(.storeG, 0)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "JUMP at 0x0005: target 0x0008 is inside an instruction")
  }

  @Test func backwardJumpIntoAnOperand() {
    let image = Fixture.script { asm in
      asm.emit(.pushI16, 7)
      asm.emit(.storeG, 0)
      asm.emit(.loop, 6)
    }
    expectRejected(image, at: 10, "LOOP at 0x000A: target 0x0006 is inside an instruction")
  }

  @Test func backwardJumpOntoTheHeader() {
    let image = Fixture.script { asm in
      asm.emit(.loop, 3)
    }
    expectRejected(image, at: 5, "LOOP at 0x0005: target 0x0004 is outside its function")
  }

  @Test func backwardJumpThatGoesForward() {
    let image = Fixture.script { asm in
      asm.emit(.loop, 0)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "LOOP at 0x0005: target 0x0007 is not behind the jump")
  }

  @Test func backwardJumpIntoTheFunctionBefore() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.label("p body")
    asm.emit(.ret)
    asm.function("main", need: 1, kind: 2)
    asm.emit(.loop, to: "p body")
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 11, "LOOP at 0x000B: target 0x0005 is outside its function")
  }

  @Test func forwardJumpIntoTheNextFunction() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.emit(.jump, to: "main body")
    asm.function("main", need: 1, kind: 2)
    asm.label("main body")
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 5, "JUMP at 0x0005: target 0x000C is outside its function")
  }

  @Test func forwardJumpOntoTheNextHeader() {
    var asm = TestAssembler()
    asm.function("p", need: 1, kind: 0)
    asm.emit(.jump, to: "main")
    asm.function("main", need: 1, kind: 2)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 5, "JUMP at 0x0005: target 0x0007 is outside its function")
  }

  @Test func forwardJumpOutsideTheCode() {
    let image = Fixture.script { asm in
      asm.emit(.jumpW, 0x1000)
      asm.emit(.end)
    }
    expectRejected(image, at: 5, "JUMP_W at 0x0005: target 0x1008 is outside the code")
  }

  @Test func backwardJumpWithADifferentHeight() {
    let image = Fixture.script { asm in
      asm.label("top")
      asm.emit(.push1)
      asm.emit(.loop, to: "top")
    }
    expectRejected(
      image, at: 6, "LOOP at 0x0006: jumps back to 0x0005 with stack height 1, it has 0 there")
  }

  @Test func forwardEdgesWithConflictingHeights() {
    let image = Fixture.script { asm in
      asm.emit(.push1)
      asm.emit(.jumpIfFalse, to: "join")
      asm.emit(.push1)
      asm.emit(.push1)
      asm.emit(.jumpIfFalse, to: "join")
      asm.emit(.storeG, 0)
      asm.label("join")
      asm.emit(.end)
    }
    expectRejected(
      image, at: 10,
      "JUMP_IF_FALSE at 0x000A: target 0x000E gets stack height 1 here, 0 from an earlier jump")
  }

  @Test func fallThroughAndForwardJumpDisagree() {
    let image = Fixture.script { asm in
      asm.emit(.push1)
      asm.emit(.and, to: "next")
      asm.label("next")
      asm.emit(.end)
    }
    expectRejected(
      image, at: 8,
      "END at 0x0008: reached with stack height 0 by falling through and 1 by a forward jump")
  }

  @Test func stackUnderflow() {
    let image = Fixture.script { asm in
      asm.emit(.push1)
      asm.emit(.add)
      asm.emit(.end)
    }
    expectRejected(image, at: 6, "ADD at 0x0006: stack underflow: needs 2 values, has 1")
  }

  @Test func callWithTooFewArguments() {
    var asm = TestAssembler()
    asm.function("p", params: 2, need: 3, kind: 0)
    asm.emit(.ret)
    asm.function("main", need: 4, kind: 2)
    asm.emit(.push1)
    asm.emit(.call, to: "p")
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 1)
    expectRejected(image, at: 12, "CALL at 0x000C: stack underflow: needs 2 values, has 1")
  }

  @Test func declaredNeedTooSmall() {
    let image = Fixture.script(need: 3, locals: 2) { asm in
      asm.emit(.push1)
      asm.emit(.storeG, 0)
      asm.emit(.end)
    }
    expectRejected(
      image, at: 5, "PUSH_1 at 0x0005: needs 4 stack slots, its FUNCTION at 0x0000 declares 3")
  }

  @Test func callCountsTheCalleesNeed() throws {
    var asm = TestAssembler()
    asm.function("p", params: 1, need: 10, kind: 1)
    asm.emit(.loadL, 0)
    asm.emit(.retV)
    asm.function("main", need: 12, kind: 2)
    asm.emit(.push1)
    asm.emit(.push1)
    asm.emit(.call, to: "p")
    asm.emit(.add)
    asm.emit(.storeG, 0)
    asm.emit(.end)
    let fits = Fixture.image(asm.build(), functions: 2, scripts: 1)
    // main: the link, one value below the argument, then p's frame of 10.
    #expect(try Verifier.verify(fits, limits: Fixture.limits).functions[1].measuredNeed == 12)
    var short = fits
    short.code[11] = 11
    expectRejected(
      short, at: 15, "CALL at 0x000F: needs 12 stack slots, its FUNCTION at 0x0008 declares 11")
  }
}
