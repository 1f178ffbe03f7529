import KocodeBlocks
import KocodeBoard
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// One test per diagnostic code: its severity, its block and its message.
@Suite struct CheckerDiagnosticsTests {
  @Test func everyCodeOfTheSpecExists() {
    let named = [
      "malformed_program", "unknown_block", "missing_input", "invalid_field", "type_mismatch",
      "not_in_loop", "not_in_procedure", "recursion", "unknown_procedure",
      "wrong_argument_count", "duplicate_procedure", "unsupported_on_board",
      "pin_not_available", "number_out_of_range", "not_an_integer", "program_too_large",
      "too_many_scripts", "no_block_after_forever", "orphan_blocks", "never_set",
      "nothing_runs", "duplicate_id", "disabled_procedure",
    ]
    let codes = Set(DiagnosticCode.allCases.map(\.rawValue))
    #expect(codes.isSuperset(of: named))
    #expect(codes.subtracting(named) == ["too_many_variables", "misplaced_block"])
    let warnings = DiagnosticCode.allCases.filter { $0.severity == .warning }.map(\.rawValue)
    #expect(
      Set(warnings) == [
        "orphan_blocks", "never_set", "nothing_runs", "duplicate_id",
        "disabled_procedure",
      ])
  }

  @Test func aCorrectProgramHasNoDiagnostic() {
    let program = CheckerFixture.checkScript([
      Make.set("n", Make.number("3", "three"), "set"),
      Make.wait(Make.get("n", "get"), "wait", unit: "S"),
    ])
    #expect(program.diagnostics.isEmpty)
  }

  @Test func unknownBlock() {
    let program = CheckerFixture.checkScript([Make.block("kocode_teleport", "u")])
    expectOne(.unknownBlock, on: "u", in: program)
    #expect(program.diagnostics(.unknownBlock)[0].message.en.contains("kocode_teleport"))
  }

  @Test func missingInput() {
    let wait = Make.block("kocode_wait", "w", fields: ["UNIT": "S"])
    let program = CheckerFixture.checkScript([wait])
    expectOne(.missingInput, on: "w", in: program)
    #expect(program.diagnostics(.missingInput)[0].message.en.contains("“wait”"))
  }

  @Test func emptyStatementInputsAreFine() {
    let program = CheckerFixture.checkScript([Make.forever([], "loop")])
    #expect(program.diagnostics.isEmpty)
  }

  @Test func invalidField() {
    let wait = Make.wait(Make.number("1", "n"), "w", unit: "HOURS")
    let program = CheckerFixture.checkScript([wait])
    expectOne(.invalidField, on: "w", in: program)
    let message = program.diagnostics(.invalidField)[0].message
    #expect(message.en.contains("HOURS") && message.en.contains("MIN"))
  }

  @Test func typeMismatchUsesTheSpecWording() {
    let program = CheckerFixture.checkScript([Make.ifThen(Make.number("1", "one"), [], "if")])
    expectOne(.typeMismatch, on: "if", in: program)
    let message = program.diagnostics(.typeMismatch)[0].message
    #expect(
      message.fr == "Le bloc « si » attend une condition vrai/faux, " + "mais reçoit un nombre.")
    #expect(message.en == "The “if” block expects a true/false condition, but gets a number.")
  }

  @Test func notInLoop() {
    let flow = Make.block("controls_flow_statements", "break", fields: ["FLOW": "BREAK"])
    expectOne(.notInLoop, on: "break", in: CheckerFixture.checkScript([flow]))
  }

  @Test func notInLoopInsideAnIfInsideALoopIsFine() {
    let flow = Make.block("controls_flow_statements", "break", fields: ["FLOW": "CONTINUE"])
    let loop = Make.forever([Make.ifThen(Make.boolean(true, "t"), [flow], "if")], "loop")
    #expect(CheckerFixture.checkScript([loop]).diagnostics.isEmpty)
  }

  @Test func notInLoopDoesNotCrossIntoAProcedure() {
    let flow = Make.block("controls_flow_statements", "break", fields: ["FLOW": "BREAK"])
    let program = CheckerFixture.check([
      [Make.onStart([Make.forever([Make.call("jump", "c")], "loop")])],
      [Make.define("jump", "def", body: [flow])],
    ])
    expectOne(.notInLoop, on: "break", in: program)
  }

  @Test func notInProcedure() {
    let ifReturn = Make.block(
      "procedures_ifreturn", "ret", inputs: ["CONDITION": [Make.boolean(true, "t")]])
    expectOne(.notInProcedure, on: "ret", in: CheckerFixture.checkScript([ifReturn]))
  }

  @Test func recursion() {
    let program = CheckerFixture.check([
      [Make.onStart([Make.call("loop", "c0")])],
      [Make.define("loop", "def", body: [Make.call("LOOP", "self")])],
    ])
    expectOne(.recursion, on: "self", in: program)
  }

  @Test func recursionThroughOtherProcedures() {
    let program = CheckerFixture.check([
      [Make.define("a", "defA", body: [Make.call("b", "aCallsB")])],
      [Make.define("b", "defB", body: [Make.call("c", "bCallsC")])],
      [Make.define("c", "defC", body: [Make.call("a", "cCallsA")])],
      [Make.define("d", "defD", body: [Make.call("a", "dCallsA")])],
      [Make.onStart([Make.call("d", "start")])],
    ])
    #expect(program.diagnostics(.recursion).map(\.block) == ["aCallsB", "bCallsC", "cCallsA"])
    #expect(program.procedures.count == 4)
  }

  @Test func recursionThroughAHatCondition() {
    let when = Make.block(
      "kocode_when", "when",
      inputs: ["CONDITION": [Make.call("ready", "c0", returning: true)], "DO": []])
    let body = Make.call("ready", "inner", returning: true)
    let program = CheckerFixture.check([
      [when], [Make.define("ready", "def", returns: body)],
    ])
    expectOne(.recursion, on: "inner", in: program)
  }

  @Test func unknownProcedure() {
    let program = CheckerFixture.checkScript([Make.call("ghost", "c")])
    expectOne(.unknownProcedure, on: "c", in: program)
    #expect(program.diagnostics(.unknownProcedure)[0].message.fr.contains("« ghost »"))
  }

  @Test func wrongArgumentCount() {
    let program = CheckerFixture.check([
      [Make.define("water", "def", parameters: ["seconds"])],
      [Make.onStart([Make.call("water", "c")])],
    ])
    expectOne(.wrongArgumentCount, on: "c", in: program)
    #expect(program.diagnostics(.missingInput).isEmpty)
  }

  @Test func missingArgumentIsMissingInput() {
    let program = CheckerFixture.check([
      [Make.define("water", "def", parameters: ["seconds"])],
      [Make.onStart([Make.call("water", "c", parameters: ["seconds"])])],
    ])
    expectOne(.missingInput, on: "c", in: program)
  }

  @Test func duplicateProcedure() throws {
    let call = Make.call("WATER", "c")
    let program = CheckerFixture.check([
      [Make.define("Water", "first")],
      [Make.define("water", "second")],
      [Make.onStart([call])],
    ])
    expectOne(.duplicateProcedure, on: "second", in: program)
    let target = try #require(program.callTargets[ObjectIdentifier(call)])
    #expect(program.procedures[target].block.id == "first")
  }

  @Test func unsupportedOperation() {
    let single = Make.block(
      "math_single", "ln", fields: ["OP": "LN"], inputs: ["NUM": [Make.number("2", "n")]])
    let program = CheckerFixture.checkScript([Make.log(single, "log")])
    expectOne(.unsupportedOnBoard, on: "ln", in: program)
    #expect(program.diagnostics(.invalidField).isEmpty)
  }

  @Test func unsupportedSensorAndOutput() {
    var board = CheckerFixture.uno
    board.sensors["soil_moisture"] = nil
    board.outputs.removeAll { $0.name == "buzzer" }
    let program = CheckerFixture.check(
      [
        [
          Make.onStart([
            Make.log(Make.block("kocode_soil_moisture", "soil"), "log"),
            Make.block("kocode_beep", "beep", inputs: ["MS": [Make.number("100", "n")]]),
          ])
        ]
      ], board: board)
    #expect(program.diagnostics(.unsupportedOnBoard).map(\.block) == ["soil", "beep"])
    #expect(program.errorCodes == ["unsupported_on_board", "unsupported_on_board"])
  }

  @Test func unsupportedLED() {
    let led = Make.block("kocode_led", "led", fields: ["LED": "BLUE", "STATE": "ON"])
    let program = CheckerFixture.checkScript([led])
    expectOne(.unsupportedOnBoard, on: "led", in: program)
    #expect(program.diagnostics(.unsupportedOnBoard)[0].message.en.contains("GREEN"))
  }

  @Test func anEmptyLEDFieldIsInvalid() {
    let led = Make.block("kocode_led", "led", fields: ["STATE": "OFF"])
    expectOne(.invalidField, on: "led", in: CheckerFixture.checkScript([led]))
  }

  @Test func pinNotAvailable() {
    let write = Make.block(
      "kocode_digital_write", "write", fields: ["PIN": "D7"],
      inputs: ["STATE": [Make.boolean(true, "t")]])
    let read = Make.block("kocode_analog_read", "read", fields: ["PIN": "A6"])
    let program = CheckerFixture.checkScript([write, Make.log(read, "log")])
    #expect(program.diagnostics(.pinNotAvailable).map(\.block) == ["write", "read"])
    #expect(program.diagnostics(.pinNotAvailable)[0].message.en.contains("D9, D10 or D11"))
    expectBothLanguages(program.diagnostics(.pinNotAvailable)[1].message)
  }

  @Test func freePinsAreAvailable() {
    let write = Make.block(
      "kocode_analog_write", "write", fields: ["PIN": "D10"],
      inputs: ["VALUE": [Make.number("128", "n")]])
    let read = Make.block("kocode_digital_read", "read", fields: ["PIN": "D3"])
    #expect(CheckerFixture.checkScript([write, Make.log(read, "log")]).diagnostics.isEmpty)
  }

  @Test func numberOutOfRange() {
    let program = CheckerFixture.checkScript([
      Make.log(Make.number("2147483648", "big"), "l1"),
      Make.log(Make.number("-2147483648", "smallest"), "l2"),
    ])
    expectOne(.numberOutOfRange, on: "big", in: program)
    #expect(program.numbers.values.contains(Int32.min))
  }

  @Test func notAnInteger() {
    let program = CheckerFixture.checkScript([
      Make.log(Make.number("2.5", "half"), "l1"),
      Make.log(Make.number("5.0", "five"), "l2"),
      Make.log(Make.number("1e3", "thousand"), "l3"),
    ])
    expectOne(.notAnInteger, on: "half", in: program)
    let values = program.numbers.values.sorted()
    #expect(values == [5, 1000])
  }

  @Test func tooManyScripts() {
    let hats = (1...5).map { [Make.onStart([], "hat\($0)")] }
    let program = CheckerFixture.check(hats)
    expectOne(.tooManyScripts, on: "hat5", in: program)
    #expect(program.diagnostics(.tooManyScripts)[0].message.en.contains("5 scripts"))
  }

  @Test func disabledHatsDoNotCountAsScripts() {
    var hats = (1...4).map { [Make.onStart([], "hat\($0)")] }
    hats.append([Make.onStart([], "off", enabled: false)])
    let program = CheckerFixture.check(hats)
    #expect(program.diagnostics.isEmpty)
    #expect(program.scripts.map(\.id) == ["hat1", "hat2", "hat3", "hat4"])
  }

  @Test func noBlockAfterForever() {
    let program = CheckerFixture.checkScript([
      Make.forever([], "loop"), Make.wait(Make.number("1", "n"), "after"),
    ])
    expectOne(.noBlockAfterForever, on: "after", in: program)
  }

  @Test func aDisabledBlockAfterForeverIsFine() {
    let after = Make.block("kocode_stop", "after", fields: ["WHAT": "ALL"], enabled: false)
    #expect(CheckerFixture.checkScript([Make.forever([], "loop"), after]).diagnostics.isEmpty)
  }

  @Test func tooManyVariables() {
    let sets = (0...32).map { Make.set("v\($0)", Make.number("1", "n\($0)"), "set\($0)") }
    let program = CheckerFixture.checkScript(sets)
    expectOne(.tooManyVariables, on: "set32", in: program)
    #expect(program.globals.count == 33)
  }

  @Test func thirtyTwoVariablesFit() {
    let sets = (0..<32).map { Make.set("v\($0)", Make.number("1", "n\($0)"), "set\($0)") }
    #expect(CheckerFixture.checkScript(sets).diagnostics.isEmpty)
  }

  @Test func misplacedBlocks() {
    let valueInStack = Make.number("1", "number")
    let statementInSocket = Make.block("kocode_stop", "stop", fields: ["WHAT": "ALL"])
    let hatInside = Make.onStart([], "inner")
    let program = CheckerFixture.checkScript([
      valueInStack, Make.log(statementInSocket, "log"), Make.forever([hatInside], "loop"),
    ])
    #expect(program.diagnostics(.misplacedBlock).map(\.block) == ["number", "stop", "inner"])
    for diagnostic in program.diagnostics(.misplacedBlock) {
      expectBothLanguages(diagnostic.message)
    }
    #expect(program.scripts.map(\.id) == ["start"])
  }

  @Test func orphanBlocks() {
    let program = CheckerFixture.check([
      [Make.onStart([])],
      [Make.wait(Make.number("1", "n"), "lost"), Make.block("kocode_nothing", "unknown")],
    ])
    expectOne(.orphanBlocks, on: "lost", in: program)
    expectOne(.unknownBlock, on: "unknown", in: program)
  }

  @Test func orphanBlocksAreNotChecked() {
    let program = CheckerFixture.check([
      [Make.onStart([])],
      [Make.block("kocode_wait", "lost")],
    ])
    #expect(program.codes == ["orphan_blocks"])
  }

  @Test func neverSet() {
    let program = CheckerFixture.checkScript([
      Make.log(Make.get("level", "read1"), "l1"), Make.log(Make.get("LEVEL", "read2"), "l2"),
    ])
    expectOne(.neverSet, on: "read1", in: program)
    #expect(program.globals.map(\.type) == [.number])
  }

  @Test func nothingRuns() {
    let program = CheckerFixture.check([])
    expectOne(.nothingRuns, on: nil, in: program)
    #expect(!program.hasErrors)
  }

  @Test func nothingRunsWhenTheOnlyHatIsDisabled() {
    let program = CheckerFixture.check([[Make.onStart([], enabled: false)]])
    #expect(program.codes == ["nothing_runs"])
  }

  @Test func duplicateID() {
    let program = CheckerFixture.checkScript([
      Make.wait(Make.number("1", "same"), "w1"), Make.wait(Make.number("2", "same"), "w2"),
    ])
    expectOne(.duplicateID, on: "same", in: program)
    #expect(!program.hasErrors)
    #expect(program.numbers.count == 2)
  }

  @Test func disabledProcedure() {
    let program = CheckerFixture.check([
      [Make.define("rest", "def", enabled: false)],
      [
        Make.onStart([
          Make.call("rest", "call"), Make.log(Make.call("REST", "v", returning: true), "l"),
        ])
      ],
    ])
    #expect(program.diagnostics(.disabledProcedure).map(\.block) == ["call", "v"])
    #expect(!program.hasErrors)
    #expect(program.callTargets.isEmpty)
    #expect(program.procedures.isEmpty)
    #expect(program.valueTypes.count == 1)
  }

  @Test func readerAndGeneratorMessages() {
    let malformed = Messages.malformedProgram(detail: "line 3: a ',' or '}'")
    expectBothLanguages(malformed)
    #expect(malformed.fr.contains("line 3") && malformed.en.contains("line 3"))
    let tooLarge = Messages.programTooLarge(bytesUsed: 612, bytesAvailable: 480)
    expectBothLanguages(tooLarge)
    #expect(tooLarge.en.contains("612") && tooLarge.fr.contains("480"))
  }
}
