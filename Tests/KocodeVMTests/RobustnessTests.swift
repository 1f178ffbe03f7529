import KocodeBytecode
import KocodeVM
import Testing

/// A bad image ends the run with a runtime error, never a trap.
@Suite struct RobustnessTests {
  /// The runtime error an image ends with, and at which block.
  func failure(_ image: Image) -> TraceEvent? {
    Fixtures.trace(image, limitMS: 1000).first { $0.type == "error" }
  }

  @Test func pushingPastTheDeclaredNeedIsAStackOverflow() {
    let image = Fixtures.image { a in
      a.script(need: 2)
      a.emit(.push1)
      a.block("too-deep")
      a.emit(.push1)
      a.emit(.end)
    }
    #expect(failure(image) == .error(timeMS: 0, code: .stackOverflow, block: "too-deep"))
  }

  @Test func aCallPastTheNeedIsAStackOverflow() {
    let image = Fixtures.image { a in
      a.function("deep", locals: 8, need: 9)
      a.emit(.ret)
      a.script(need: 4)
      a.emit(.call, "deep")
      a.emit(.end)
    }
    #expect(failure(image) == .error(timeMS: 0, code: .stackOverflow, block: nil))
  }

  @Test func unknownOpcodesAndFallingIntoAHeaderAreBadInstructions() {
    let unknown = Fixtures.image { a in
      a.script()
      a.raw(0xFF)
    }
    #expect(failure(unknown)?.type == "error")
    let fallThrough = Fixtures.image { a in
      a.script()
      a.emit(.push1)
      a.emit(.printNum)
      a.script()
      a.emit(.end)
    }
    #expect(failure(fallThrough) == .error(timeMS: 0, code: .badInstruction, block: nil))
  }

  @Test func outOfRangeOperandsAreBadInstructions() {
    let programs: [(inout Assembler) -> Void] = [
      { $0.emit(.loadL, 0) },
      { $0.emit(.loadG, 200) },
      { $0.emit(.outOn, 99) },
      { $0.emit(.analogRead, 6) },
      { $0.emit(.printText, 3) },
      { $0.emit(.add) },
      { $0.emit(.jump, 200) },
      { $0.emit(.loop, 200) },
      { $0.emit(.call, 3) },
      { $0.emit(.retV) },
    ]
    for program in programs {
      let image = Fixtures.image { a in
        a.script()
        program(&a)
        a.emit(.end)
      }
      #expect(failure(image) == .error(timeMS: 0, code: .badInstruction, block: nil))
    }
  }

  @Test func aWrongScriptCountFailsAtTheStart() {
    var image = Fixtures.image { a in
      a.script()
      a.emit(.end)
    }
    image.scriptCount = 2
    #expect(
      Fixtures.trace(image) == [
        .start(timeMS: 0, scripts: 2),
        .error(timeMS: 0, code: .badInstruction, block: nil),
        .end(timeMS: 0, reason: .error),
      ])
  }

  @Test func randomImagesNeverTrap() {
    var state: UInt32 = 12345
    for round in 0..<3000 {
      let length = Int(Arithmetic.advance(&state) % 64)
      var code: [UInt8] = [0x00, 0, UInt8(Arithmetic.advance(&state) % 4), 12, 2]
      for _ in 0..<length {
        let byte = UInt8(truncatingIfNeeded: Arithmetic.advance(&state))
        // Mostly real opcodes, so runs get past the first instruction.
        let opcode = Opcode.allCases[Int(byte) % Opcode.allCases.count].rawValue
        code.append(round % 3 == 0 ? byte : (byte & 1 == 0 ? opcode : byte % 8))
      }
      let image = Image(
        boardID: 1, scriptCount: 1, globalCount: 2, functionCount: 1, code: code,
        host: HostSection(texts: ["t"]))
      let trace = Fixtures.trace(image, limitMS: 20, seed: state | 1)
      #expect(trace.first == .start(timeMS: 0, scripts: 1))
      #expect(trace.last?.type == "end")
    }
  }

  @Test func mutatedProgramsNeverTrap() {
    let original = Fixtures.image { a in
      InstructionTests().procedures(&a)
      a.script(locals: 2)
      a.label("top")
      a.emit(.pushI8, 3)
      a.emit(.pushI8, 4)
      a.emit(.call, "sum")
      a.emit(.call, "twice")
      a.emit(.pushI8, 1)
      a.emit(.forPrep, 0)
      a.emit(.forNext, 0, "out")
      a.label("out")
      a.emit(.logNum, "x")
      a.emit(.loop, "top")
    }
    var state: UInt32 = 99
    for _ in 0..<3000 {
      var image = original
      for _ in 0..<3 {
        let position = Int(Arithmetic.advance(&state)) % image.code.count
        image.code[position] = UInt8(truncatingIfNeeded: Arithmetic.advance(&state))
      }
      let trace = Fixtures.trace(image, limitMS: 20)
      #expect(trace.last?.type == "end")
    }
  }
}
