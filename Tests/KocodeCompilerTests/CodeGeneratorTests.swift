import Foundation
import KocodeBytecode
import KocodeCompiler
import Testing

/// The code generator, instruction by instruction, by name.
@Suite struct CodeGeneratorTests {
  func compile(_ program: TestProgram) throws -> Image {
    let compilation = Compiler.compile(Array(program.json.utf8), board: TestBoards.uno)
    let errors = compilation.diagnostics.filter(\.isError).map(\.code)
    #expect(errors.isEmpty, "unexpected errors: \(errors)")
    let image = try #require(compilation.image)
    _ = try Verifier.verify(image, limits: TestBoards.unoLimits)
    return image
  }

  func code(_ stacks: [[TestBlock]], variables: [(String, String)] = []) throws -> [String] {
    let program = TestProgram(stacks: stacks, variables: variables.map { ($0.0, $0.1) })
    return instructionNames(try compile(program).code)
  }

  @Test func waterForFiveSeconds() throws {
    let water = TestBlock("kocode_water", "w", inputs: [("SECONDS", [B.number(5, "n")])])
    #expect(
      try code([[B.onStart([water])]]) == [
        "FUNCTION 0 0 2 2", "PUSH_I8 5", "PULSE_S 0", "PULSE_END 0", "END",
      ])
  }

  @Test func constantsUseTheSmallestPush() throws {
    let values = [0, 1, -1, 127, -128, 128, 32767, -32769, 2_147_483_647]
    let sets = values.enumerated().map { index, value in
      B.set("v", B.number(value, "n\(index)"), "s\(index)")
    }
    #expect(
      try code([[B.onStart(sets)]], variables: [("v", "x")]) == [
        "FUNCTION 0 0 2 2",
        "PUSH_0", "STORE_G 0", "PUSH_1", "STORE_G 0", "PUSH_I8 -1", "STORE_G 0",
        "PUSH_I8 127", "STORE_G 0", "PUSH_I8 -128", "STORE_G 0", "PUSH_I16 128", "STORE_G 0",
        "PUSH_I16 32767", "STORE_G 0", "PUSH_I32 -32769", "STORE_G 0",
        "PUSH_I32 2147483647", "STORE_G 0", "END",
      ])
  }

  @Test func ifElseIfElse() throws {
    let ifBlock = TestBlock(
      "controls_if", "if",
      inputs: [
        ("IF0", [TestBlock("kocode_button", "b")]),
        ("DO0", [TestBlock("kocode_pump", "p1", fields: [("STATE", "ON")])]),
        ("IF1", [TestBlock("kocode_tank_empty", "t")]),
        ("DO1", [TestBlock("kocode_pump", "p2", fields: [("STATE", "OFF")])]),
        ("ELSE", [TestBlock("kocode_led", "l", fields: [("LED", "RED"), ("STATE", "ON")])]),
      ], mutation: [("elseIfCount", "1"), ("hasElse", "true")])
    #expect(
      try code([[B.onStart([ifBlock])]]) == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "JUMP_IF_FALSE 4", "OUT_ON 0", "JUMP 9",
        "TANK_EMPTY", "JUMP_IF_FALSE 4", "OUT_OFF 0", "JUMP 2",
        "OUT_ON 2", "END",
      ])
  }

  @Test func notConditionJumpsWhenTrue() throws {
    let not = TestBlock(
      "logic_negate", "not", inputs: [("BOOL", [TestBlock("kocode_button", "b")])])
    let ifBlock = TestBlock(
      "controls_if", "if",
      inputs: [
        ("IF0", [not]),
        ("DO0", [TestBlock("kocode_beep", "beep", inputs: [("MS", [B.number(100, "n")])])]),
      ])
    #expect(
      try code([[B.onStart([ifBlock])]]) == [
        "FUNCTION 0 0 2 2", "BUTTON", "JUMP_IF_TRUE 6", "PUSH_I8 100", "PULSE_MS 4",
        "PULSE_END 4", "END",
      ])
  }

  @Test func repeatCountsInAHiddenLocal() throws {
    let repeatBlock = TestBlock(
      "controls_repeat_ext", "r",
      inputs: [
        ("TIMES", [B.number(3, "n")]),
        ("DO", [TestBlock("kocode_led", "l", fields: [("LED", "GREEN"), ("STATE", "ON")])]),
      ])
    #expect(
      try code([[B.onStart([repeatBlock])]]) == [
        "FUNCTION 0 1 3 2", "PUSH_I8 3", "STORE_L 0", "REPEAT_TEST 0 4", "OUT_ON 1", "LOOP 7",
        "END",
      ])
  }

  @Test func whileAndUntilLoops() throws {
    let body = [
      TestBlock(
        "kocode_wait", "w", fields: [("UNIT", "MS")], inputs: [("DURATION", [B.number(10, "n")])])
    ]
    let whileLoop = TestBlock(
      "controls_whileUntil", "wh", fields: [("MODE", "WHILE")],
      inputs: [("BOOL", [TestBlock("kocode_button", "b")]), ("DO", body)])
    let untilLoop = TestBlock(
      "controls_whileUntil", "un", fields: [("MODE", "UNTIL")],
      inputs: [("BOOL", [TestBlock("kocode_button", "b2")]), ("DO", [])])
    #expect(
      try code([[B.onStart([whileLoop, untilLoop])]]) == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "JUMP_IF_FALSE 5", "PUSH_I8 10", "WAIT_MS", "LOOP 8",
        "BUTTON", "JUMP_IF_TRUE 2", "LOOP 5", "END",
      ])
  }

  @Test func forLoopKeepsEndAndStepInLocals() throws {
    let forBlock = TestBlock(
      "controls_for", "f", variables: [("VAR", "i")],
      inputs: [
        ("FROM", [B.number(1, "a")]), ("TO", [B.number(10, "b")]), ("BY", [B.number(2, "c")]),
        ("DO", [TestBlock("text_print", "p", inputs: [("TEXT", [B.get("i", "g")])])]),
      ])
    #expect(
      try code([[B.onStart([forBlock])]], variables: [("i", "i")]) == [
        "FUNCTION 0 2 6 2",
        "PUSH_1", "PUSH_I8 10", "PUSH_I8 2", "FOR_PREP 0", "STORE_G 0",
        "LOAD_G 0", "FOR_TEST 0 12", "LOAD_G 0", "PRINT_NUM",
        "LOAD_G 0", "FOR_NEXT 0 4", "STORE_G 0", "LOOP 17", "END",
      ])
  }

  @Test func foreverWithBreakAndContinue() throws {
    let breakBlock = TestBlock("controls_flow_statements", "br", fields: [("FLOW", "BREAK")])
    let continueBlock = TestBlock("controls_flow_statements", "co", fields: [("FLOW", "CONTINUE")])
    let ifBlock = TestBlock(
      "controls_if", "if",
      inputs: [("IF0", [TestBlock("kocode_button", "b")]), ("DO0", [breakBlock])])
    let forever = TestBlock("kocode_forever", "fe", inputs: [("DO", [ifBlock, continueBlock])])
    #expect(
      try code([[B.onStart([forever])]]) == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "JUMP_IF_FALSE 2", "JUMP 4", "JUMP 0", "LOOP 9", "END",
      ])
  }

  @Test func everyAndWhenHats() throws {
    let every = TestBlock(
      "kocode_every", "ev",
      inputs: [
        ("SECONDS", [B.number(60, "n")]),
        (
          "DO",
          [
            TestBlock(
              "kocode_log", "log", fields: [("LABEL", "sol")],
              inputs: [("VALUE", [TestBlock("kocode_soil_moisture", "s")])])
          ]
        ),
      ])
    let when = TestBlock(
      "kocode_when", "wh",
      inputs: [
        ("CONDITION", [TestBlock("kocode_button", "b")]),
        ("DO", [TestBlock("kocode_stop", "st", fields: [("WHAT", "SCRIPT")])]),
      ])
    #expect(
      try code([[every], [when]]) == [
        "FUNCTION 0 0 2 2", "PUSH_I8 60", "EVERY_BEGIN", "SOIL", "LOG_NUM 0", "EVERY_NEXT 8",
        "FUNCTION 0 0 2 2", "WHEN_WAIT", "BUTTON", "WHEN_FIRE 4", "STOP_SCRIPT", "LOOP 7",
      ])
  }

  @Test func proceduresComeFirstAndCalleesBeforeCallers() throws {
    // double(x) returns x + x; show(y) prints double(y).
    let doubleDef = TestBlock(
      "procedures_defreturn", "d", fields: [("NAME", "double")],
      inputs: [
        (
          "RETURN",
          [
            TestBlock(
              "math_arithmetic", "add", fields: [("OP", "ADD")],
              inputs: [("A", [B.get("x", "gx1")]), ("B", [B.get("x", "gx2")])])
          ]
        )
      ], mutation: [("params", "[{\"name\":\"x\",\"id\":\"x\"}]")])
    let call = TestBlock(
      "procedures_callreturn", "c", inputs: [("ARG0", [B.get("y", "gy")])],
      mutation: [("name", "\"double\""), ("params", "[\"x\"]")])
    let showDef = TestBlock(
      "procedures_defnoreturn", "s", fields: [("NAME", "show")],
      inputs: [("STACK", [TestBlock("text_print", "p", inputs: [("TEXT", [call])])])],
      mutation: [("params", "[{\"name\":\"y\",\"id\":\"y\"}]")])
    let callShow = TestBlock(
      "procedures_callnoreturn", "cs", inputs: [("ARG0", [B.number(21, "n")])],
      mutation: [("name", "\"show\""), ("params", "[\"y\"]")])
    let names = try code(
      [[showDef], [B.onStart([callShow])], [doubleDef]], variables: [("x", "x"), ("y", "y")])
    #expect(
      names == [
        "FUNCTION 1 0 4 1", "LOAD_L 0", "LOAD_L 0", "ADD", "RET_V",
        "FUNCTION 1 0 6 0", "LOAD_L 0", "CALL 0", "PRINT_NUM", "RET",
        "FUNCTION 0 0 7 2", "PUSH_I8 21", "CALL 11", "END",
      ])
  }

  @Test func statementCallOfAProcedureWithAValueDropsIt() throws {
    let sevenDef = TestBlock(
      "procedures_defreturn", "d", fields: [("NAME", "seven")],
      inputs: [("RETURN", [B.number(7, "n")])])
    let call = TestBlock(
      "procedures_callnoreturn", "c", mutation: [("name", "\"seven\""), ("params", "[]")])
    #expect(
      try code([[sevenDef], [B.onStart([call])]]) == [
        "FUNCTION 0 0 2 1", "PUSH_I8 7", "RET_V",
        "FUNCTION 0 0 3 2", "CALL 0", "POP", "END",
      ])
  }

  @Test func shortCircuitAndTernary() throws {
    let and = TestBlock(
      "logic_operation", "and", fields: [("OP", "AND")],
      inputs: [
        ("A", [TestBlock("kocode_button", "b")]), ("B", [TestBlock("kocode_tank_empty", "t")]),
      ])
    let ternary = TestBlock(
      "logic_ternary", "tern",
      inputs: [("IF", [and]), ("THEN", [B.number(5, "five")]), ("ELSE", [B.number(7, "seven")])])
    #expect(
      try code([[B.onStart([B.set("v", ternary, "set")])]], variables: [("v", "v")]) == [
        "FUNCTION 0 0 2 2", "BUTTON", "AND 1", "TANK_EMPTY", "JUMP_IF_FALSE 4", "PUSH_I8 5",
        "JUMP 2", "PUSH_I8 7", "STORE_G 0", "END",
      ])
  }

  @Test func longBodiesUseWideJumps() throws {
    let leds = (0..<140).map { index in
      TestBlock(
        "kocode_led", "l\(index)",
        fields: [("LED", "GREEN"), ("STATE", index % 2 == 0 ? "ON" : "OFF")])
    }
    let loop = TestBlock("kocode_forever", "f", inputs: [("DO", leds)])
    let names = try code([[B.onStart([loop])]])
    // The loop never ends, so nothing follows it: no END.
    #expect(names.last == "LOOP_W 283")
  }

  @Test func jsonAndXmlGiveTheSameImage() throws {
    let folder = TestBoards.root.appendingPathComponent("Missions/water-when-dry")
    let json = try Data(contentsOf: folder.appendingPathComponent("solution.json"))
    let xml = try Data(contentsOf: folder.appendingPathComponent("solution.xml"))
    let fromJSON = try #require(Compiler.compile(Array(json), board: TestBoards.uno).image)
    let fromXML = try #require(Compiler.compile(Array(xml), board: TestBoards.uno).image)
    #expect(fromJSON.fileBytes == fromXML.fileBytes)
  }

  @Test func debugMapNamesTheOperatorBlock() throws {
    let divide = TestBlock(
      "math_arithmetic", "div", fields: [("OP", "DIVIDE")],
      inputs: [("A", [B.number(1, "one")]), ("B", [B.number(0, "zero")])])
    let image = try compile(
      TestProgram(stacks: [[B.onStart([B.set("v", divide, "set")])]], variables: [("v", "v")]))
    // FUNCTION(5) PUSH_1(1) PUSH_0(1) DIV
    #expect(image.host.block(at: 7) == "div")
    #expect(image.host.block(at: 8) == "set")
  }

  @Test func tooLargeProgramsAreReported() throws {
    let leds = (0..<400).map { index in
      TestBlock("kocode_led", "l\(index)", fields: [("LED", "GREEN"), ("STATE", "ON")])
    }
    let compilation = Compiler.compile(
      Array(TestProgram(stacks: [[B.onStart(leds)]]).json.utf8), board: TestBoards.uno)
    #expect(compilation.image == nil)
    #expect(compilation.diagnostics.map(\.code) == ["program_too_large"])
  }
}
