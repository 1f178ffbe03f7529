import Foundation
import KocodeBytecode
import KocodeCompiler
import KocodeSupport
import Testing

/// Every kind of block the code generator handles, instruction by
/// instruction, by name. Each expected listing was worked out by hand from
/// `docs/bytecode.md`: jump distances count from the end of the jump, and a
/// function's need is `params + locals + 1 + operand height`, a call
/// counting its callee's need from the callee's first argument.
@Suite struct CodeGeneratorBlockTests {
  /// A compiled program: its image (verified) and every diagnostic.
  struct Result {
    var image: Image
    var diagnostics: [Diagnostic]

    var names: [String] { instructionNames(image.code) }
    var warnings: [String] { diagnostics.filter { !$0.isError }.map(\.code) }
  }

  func compile(_ json: String) throws -> Result {
    let compilation = Compiler.compile(Array(json.utf8), board: TestBoards.uno)
    let errors = compilation.diagnostics.filter(\.isError).map(\.code)
    #expect(errors.isEmpty, "unexpected errors: \(errors)")
    let image = try #require(compilation.image)
    _ = try Verifier.verify(image, limits: TestBoards.unoLimits)
    return Result(image: image, diagnostics: compilation.diagnostics)
  }

  func compile(_ stacks: [[TestBlock]], variables: [String] = []) throws -> Result {
    try compile(TestProgram(stacks: stacks, variables: variables.map { ($0, $0) }).json)
  }

  func code(_ stacks: [[TestBlock]], variables: [String] = []) throws -> [String] {
    try compile(stacks, variables: variables).names
  }

  /// The output index of a board output, as `board.json` lists it.
  func output(_ name: String) throws -> Int {
    try #require(TestBoards.uno.outputs.firstIndex { $0.name == name })
  }

  // MARK: - Control

  @Test func ifElseJumpsOverTheElseBranch() throws {
    let ifElse = TestBlock(
      "controls_ifelse", "if",
      inputs: [
        ("IF0", [TestBlock("kocode_button", "b")]),
        ("DO0", [Build.pump("ON", "on")]),
        ("ELSE", [Build.pump("OFF", "off")]),
      ])
    #expect(
      try code([[B.onStart([ifElse])]]) == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "JUMP_IF_FALSE 4", "OUT_ON 0", "JUMP 2",
        "OUT_OFF 0", "END",
      ])
  }

  @Test func repeatWithAFieldCountsInAHiddenLocal() throws {
    let repeatBlock = Build.repeatField(4, [Build.led("GREEN", "ON", "l")], "r")
    #expect(
      try code([[B.onStart([repeatBlock])]]) == [
        "FUNCTION 0 1 3 2",
        "PUSH_I8 4", "STORE_L 0", "REPEAT_TEST 0 4", "OUT_ON 1", "LOOP 7", "END",
      ])
  }

  @Test func nestedRepeatsUseOneLocalEach() throws {
    let inner = Build.repeatField(300, [Build.led("GREEN", "ON", "l")], "inner")
    let outer = Build.repeatField(2, [inner], "outer")
    #expect(
      try code([[B.onStart([outer])]]) == [
        "FUNCTION 0 2 4 2",
        "PUSH_I8 2", "STORE_L 0", "REPEAT_TEST 0 14",
        "PUSH_I16 300", "STORE_L 1", "REPEAT_TEST 1 4", "OUT_ON 1", "LOOP 7",
        "LOOP 17", "END",
      ])
  }

  @Test func repeatsOneAfterTheOtherShareTheirLocal() throws {
    let first = Build.repeatField(2, [], "r1")
    let second = Build.repeatField(3, [], "r2")
    #expect(
      try code([[B.onStart([first, second])]]) == [
        "FUNCTION 0 1 3 2",
        "PUSH_I8 2", "STORE_L 0", "REPEAT_TEST 0 2", "LOOP 5",
        "PUSH_I8 3", "STORE_L 0", "REPEAT_TEST 0 2", "LOOP 5", "END",
      ])
  }

  @Test func repeatInAProcedureCountsAfterItsParameters() throws {
    let body = Build.repeatField(3, [Build.print(B.get("p", "gp"), "pr")], "r")
    let definition = Build.define("count", params: ["p"], body: [body], "d")
    let call = Build.call("count", args: [B.number(7, "n")], "c")
    #expect(
      try code([[definition], [B.onStart([call])]], variables: ["p"]) == [
        "FUNCTION 1 1 4 0",
        "PUSH_I8 3", "STORE_L 1", "REPEAT_TEST 1 5", "LOAD_L 0", "PRINT_NUM", "LOOP 8",
        "RET",
        "FUNCTION 0 0 5 2", "PUSH_I8 7", "CALL 0", "END",
      ])
  }

  @Test func waitUnitsPickTheirOpcode() throws {
    let waits = [
      Build.wait("MS", 5, "w1"), Build.wait("S", 2, "w2"), Build.wait("MIN", 1, "w3"),
    ]
    #expect(
      try code([[B.onStart(waits)]]) == [
        "FUNCTION 0 0 2 2",
        "PUSH_I8 5", "WAIT_MS", "PUSH_I8 2", "WAIT_S", "PUSH_1", "WAIT_MIN", "END",
      ])
  }

  @Test func stopAllEndsEveryScript() throws {
    let stop = TestBlock("kocode_stop", "st", fields: [("WHAT", "ALL")])
    // STOP_ALL never falls through, so the script needs no END after it.
    #expect(try code([[B.onStart([stop])]]) == ["FUNCTION 0 0 1 2", "STOP_ALL"])
  }

  // MARK: - Sensors

  @Test func sensorsPushTheirReadings() throws {
    let readings: [(String, TestBlock)] = [
      ("a3", TestBlock("kocode_analog_read", "a3", fields: [("PIN", "A3")])),
      ("d2", TestBlock("kocode_digital_read", "d2", fields: [("PIN", "D2")])),
      ("d3", TestBlock("kocode_digital_read", "d3", fields: [("PIN", "D3")])),
      ("light", TestBlock("kocode_light", "li")),
      ("temp", TestBlock("kocode_temperature", "te")),
      ("soil", TestBlock("kocode_soil_moisture", "so")),
      ("ms", TestBlock("kocode_time", "ms", fields: [("UNIT", "MS")])),
      ("s", TestBlock("kocode_time", "s", fields: [("UNIT", "S")])),
    ]
    let logs = readings.enumerated().map { index, reading in
      Build.log(reading.0, reading.1, "log\(index)")
    }
    let result = try compile([[B.onStart(logs)]])
    #expect(
      result.names == [
        "FUNCTION 0 0 2 2",
        "ANALOG_READ 3", "LOG_NUM 0",
        "DIGITAL_READ 2", "LOG_BOOL 1",
        "DIGITAL_READ 3", "LOG_BOOL 2",
        "LIGHT", "LOG_NUM 3",
        "TEMPERATURE", "LOG_NUM 4",
        "SOIL", "LOG_NUM 5",
        "TIME_MS", "LOG_NUM 6",
        "TIME_S", "LOG_NUM 7",
        "END",
      ])
    #expect(result.image.host.texts == readings.map(\.0))
  }

  // MARK: - Actions

  @Test func freePinsWriteToTheirBoardOutputs() throws {
    let (d9, d10, d11) = (try output("d9"), try output("d10"), try output("d11"))
    let writes = [
      TestBlock(
        "kocode_digital_write", "dw1", fields: [("PIN", "D9")],
        inputs: [("STATE", [TestBlock("kocode_button", "b")])]),
      TestBlock(
        "kocode_digital_write", "dw2", fields: [("PIN", "D11")],
        inputs: [("STATE", [Build.boolean(true, "t")])]),
      TestBlock(
        "kocode_analog_write", "aw1", fields: [("PIN", "D10")],
        inputs: [("VALUE", [B.number(200, "n")])]),
      TestBlock(
        "kocode_analog_write", "aw2", fields: [("PIN", "D9")],
        inputs: [("VALUE", [TestBlock("kocode_light", "li")])]),
    ]
    #expect(
      try code([[B.onStart(writes)]]) == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "OUT_WRITE \(d9)", "PUSH_1", "OUT_WRITE \(d11)",
        "PUSH_I16 200", "PWM_WRITE \(d10)", "LIGHT", "PWM_WRITE \(d9)", "END",
      ])
  }

  // MARK: - Data

  @Test func logPicksItsOpcodeByTypeAndSharesRepeatedLabels() throws {
    let logs = [
      Build.log("t", TestBlock("kocode_button", "b"), "l1"),
      Build.log("n", B.number(42, "n"), "l2"),
      Build.log("t", TestBlock("kocode_tank_empty", "te"), "l3"),
      Build.log("n", TestBlock("kocode_light", "li"), "l4"),
      B.set("flag", Build.boolean(true, "t"), "s"),
      Build.log("flag", B.get("flag", "g"), "l5"),
    ]
    let result = try compile([[B.onStart(logs)]], variables: ["flag"])
    #expect(
      result.names == [
        "FUNCTION 0 0 2 2",
        "BUTTON", "LOG_BOOL 0", "PUSH_I8 42", "LOG_NUM 1",
        "TANK_EMPTY", "LOG_BOOL 0", "LIGHT", "LOG_NUM 1",
        "PUSH_1", "STORE_G 0", "LOAD_G 0", "LOG_BOOL 2", "END",
      ])
    #expect(result.image.host.texts == ["t", "n", "flag"])
  }

  @Test func printPicksItsOpcodeByType() throws {
    let compare = Build.compare("GT", TestBlock("kocode_light", "li"), B.number(50, "n50"), "gt")
    let prints = [
      Build.print(B.number(7, "n7"), "p1"),
      Build.print(compare, "p2"),
      Build.print(Build.text("hello", "t1"), "p3"),
      Build.print(Build.boolean(false, "f"), "p4"),
      Build.print(Build.text("bye", "t2"), "p5"),
      Build.print(Build.text("hello", "t3"), "p6"),
    ]
    let result = try compile([[B.onStart(prints)]])
    #expect(
      result.names == [
        "FUNCTION 0 0 3 2",
        "PUSH_I8 7", "PRINT_NUM",
        "LIGHT", "PUSH_I8 50", "GT", "PRINT_BOOL",
        "PRINT_TEXT 0",
        "PUSH_0", "PRINT_BOOL",
        "PRINT_TEXT 1",
        "PRINT_TEXT 0",
        "END",
      ])
    #expect(result.image.host.texts == ["hello", "bye"])
  }

  // MARK: - Operators

  /// `set v to VALUE` for each value, in one script.
  func setEach(_ values: [TestBlock]) throws -> [String] {
    let sets = values.enumerated().map { index, value in B.set("v", value, "set\(index)") }
    return try code([[B.onStart(sets)]], variables: ["v"])
  }

  @Test func arithmeticEveryOperator() throws {
    let operators = ["ADD", "MINUS", "MULTIPLY", "DIVIDE", "POWER"]
    let values = operators.enumerated().map { index, op in
      Build.arithmetic(op, B.number(6, "a\(index)"), B.number(3, "b\(index)"), "op\(index)")
    }
    let expected = ["ADD", "SUB", "MUL", "DIV", "POW"].flatMap { name in
      ["PUSH_I8 6", "PUSH_I8 3", name, "STORE_G 0"]
    }
    #expect(try setEach(values) == ["FUNCTION 0 0 3 2"] + expected + ["END"])
  }

  @Test func nestedArithmeticKeepsOperandOrderAndCountsItsHeight() throws {
    // (1 - 2) * (3 + 4 * 5): four values are on the stack at the deepest.
    let left = Build.arithmetic("MINUS", B.number(1, "n1"), B.number(2, "n2"), "sub")
    let product = Build.arithmetic("MULTIPLY", B.number(4, "n4"), B.number(5, "n5"), "mul")
    let right = Build.arithmetic("ADD", B.number(3, "n3"), product, "add")
    #expect(
      try setEach([Build.arithmetic("MULTIPLY", left, right, "top")]) == [
        "FUNCTION 0 0 5 2",
        "PUSH_1", "PUSH_I8 2", "SUB", "PUSH_I8 3", "PUSH_I8 4", "PUSH_I8 5", "MUL", "ADD",
        "MUL", "STORE_G 0", "END",
      ])
  }

  @Test func moduloSingleAndRound() throws {
    let values = [
      TestBlock(
        "math_modulo", "mod",
        inputs: [("DIVIDEND", [B.number(7, "n7")]), ("DIVISOR", [B.number(3, "n3")])]),
      Build.single("ABS", B.number(-4, "m4"), "abs"),
      Build.single("NEG", TestBlock("kocode_light", "li"), "neg"),
      Build.single("ROOT", B.number(81, "n81"), "root"),
      Build.round("ROUND", B.number(9, "n9"), "round"),
      Build.round("ROUNDUP", TestBlock("kocode_temperature", "te"), "up"),
    ]
    #expect(
      try setEach(values) == [
        "FUNCTION 0 0 3 2",
        "PUSH_I8 7", "PUSH_I8 3", "MOD", "STORE_G 0",
        "PUSH_I8 -4", "ABS", "STORE_G 0",
        "LIGHT", "NEG", "STORE_G 0",
        "PUSH_I8 81", "SQRT", "STORE_G 0",
        "PUSH_I8 9", "STORE_G 0",
        "TEMPERATURE", "STORE_G 0",
        "END",
      ])
  }

  @Test func randomConstrainAndMap() throws {
    let random = TestBlock(
      "math_random_int", "rnd",
      inputs: [("FROM", [B.number(1, "f")]), ("TO", [B.number(6, "t")])])
    let constrain = TestBlock(
      "math_constrain", "con",
      inputs: [
        ("VALUE", [TestBlock("kocode_light", "li")]), ("LOW", [B.number(10, "lo")]),
        ("HIGH", [B.number(90, "hi")]),
      ])
    let map = TestBlock(
      "kocode_map", "map",
      inputs: [
        ("VALUE", [TestBlock("kocode_analog_read", "a0", fields: [("PIN", "A0")])]),
        ("FROM_LOW", [B.number(0, "fl")]), ("FROM_HIGH", [B.number(1023, "fh")]),
        ("TO_LOW", [B.number(0, "tl")]), ("TO_HIGH", [B.number(100, "th")]),
      ])
    #expect(
      try setEach([random, constrain, map]) == [
        "FUNCTION 0 0 6 2",
        "PUSH_1", "PUSH_I8 6", "RANDOM", "STORE_G 0",
        "LIGHT", "PUSH_I8 10", "PUSH_I8 90", "CONSTRAIN", "STORE_G 0",
        "ANALOG_READ 0", "PUSH_0", "PUSH_I16 1023", "PUSH_0", "PUSH_I8 100", "MAP",
        "STORE_G 0",
        "END",
      ])
  }

  @Test func compareEveryOperator() throws {
    let operators = ["EQ", "NEQ", "LT", "LTE", "GT", "GTE"]
    var values = operators.enumerated().map { index, op in
      Build.compare(op, TestBlock("kocode_light", "l\(index)"), B.number(50, "n\(index)"), op)
    }
    values.append(
      Build.compare(
        "EQ", TestBlock("kocode_button", "b"), TestBlock("kocode_tank_empty", "t"), "beq"))
    let expected = ["EQ", "NE", "LT", "LE", "GT", "GE"].flatMap { name in
      ["LIGHT", "PUSH_I8 50", name, "STORE_G 0"]
    }
    #expect(
      try setEach(values)
        == ["FUNCTION 0 0 3 2"] + expected + ["BUTTON", "TANK_EMPTY", "EQ", "STORE_G 0", "END"])
  }

  @Test func orKeepsATrueLeftSideAndSkipsTheRightOne() throws {
    let greater = Build.compare("GT", TestBlock("kocode_light", "li"), B.number(50, "n"), "gt")
    let or = Build.logic("OR", TestBlock("kocode_button", "b"), greater, "or")
    let inner = Build.logic("OR", TestBlock("kocode_button", "b2"), Build.tank("t2"), "or2")
    let and = Build.logic("AND", inner, Build.boolean(true, "tr"), "and")
    #expect(
      try setEach([or, and]) == [
        "FUNCTION 0 0 3 2",
        "BUTTON", "OR 4", "LIGHT", "PUSH_I8 50", "GT", "STORE_G 0",
        "BUTTON", "OR 1", "TANK_EMPTY", "AND 1", "PUSH_1", "STORE_G 0",
        "END",
      ])
  }

  @Test func booleanConstants() throws {
    #expect(
      try setEach([Build.boolean(true, "t"), Build.boolean(false, "f")]) == [
        "FUNCTION 0 0 2 2", "PUSH_1", "STORE_G 0", "PUSH_0", "STORE_G 0", "END",
      ])
  }

  // MARK: - Variables and procedures

  @Test func changeAGlobal() throws {
    let blocks = [
      B.set("v", B.number(1, "one"), "s"),
      Build.change("v", B.number(3, "three"), "c1"),
      Build.change("v", B.number(-1, "minus"), "c2"),
    ]
    #expect(
      try code([[B.onStart(blocks)]], variables: ["v"]) == [
        "FUNCTION 0 0 2 2",
        "PUSH_1", "STORE_G 0", "PUSH_I8 3", "CHANGE_G 0", "PUSH_I8 -1", "CHANGE_G 0", "END",
      ])
  }

  @Test func changeAndSetAParameterTouchOnlyTheLocalSlot() throws {
    let body = [
      Build.change("p", B.number(2, "two"), "c"),
      B.set("p", Build.arithmetic("MULTIPLY", B.get("p", "g1"), B.number(3, "three"), "m"), "s"),
      B.set("total", B.get("p", "g2"), "st"),
    ]
    let definition = Build.define("bump", params: ["p"], body: body, "d")
    let call = Build.call("bump", args: [B.number(5, "five")], "c5")
    #expect(
      try code([[definition], [B.onStart([call])]], variables: ["p", "total"]) == [
        "FUNCTION 1 0 4 0",
        "PUSH_I8 2", "CHANGE_L 0", "LOAD_L 0", "PUSH_I8 3", "MUL", "STORE_L 0",
        "LOAD_L 0", "STORE_G 0", "RET",
        "FUNCTION 0 0 5 2", "PUSH_I8 5", "CALL 0", "END",
      ])
  }

  @Test func ifReturnWithoutAValue() throws {
    let ifReturn = TestBlock(
      "procedures_ifreturn", "ir", inputs: [("CONDITION", [TestBlock("kocode_button", "b")])])
    let notEmpty = TestBlock("logic_negate", "not", inputs: [("BOOL", [Build.tank("t")])])
    let ifNotReturn = TestBlock("procedures_ifreturn", "ir2", inputs: [("CONDITION", [notEmpty])])
    let definition = Build.define(
      "guard", params: [], body: [ifReturn, ifNotReturn, Build.pump("ON", "on")], "d")
    #expect(
      try code([[definition], [B.onStart([Build.call("guard", args: [], "c")])]]) == [
        "FUNCTION 0 0 2 0",
        "BUTTON", "JUMP_IF_FALSE 1", "RET",
        "TANK_EMPTY", "JUMP_IF_TRUE 1", "RET",
        "OUT_ON 0", "RET",
        "FUNCTION 0 0 3 2", "CALL 0", "END",
      ])
  }

  @Test func ifReturnWithAValue() throws {
    let tooBig = Build.compare("GT", B.get("x", "g1"), B.number(100, "h1"), "gt")
    let ifReturn = TestBlock(
      "procedures_ifreturn", "ir",
      inputs: [("CONDITION", [tooBig]), ("VALUE", [B.number(100, "h2")])])
    let definition = Build.define(
      "limit", params: ["x"], body: [ifReturn], returning: B.get("x", "g2"), "d")
    let call = Build.callValue("limit", args: [B.number(150, "n")], "c")
    #expect(
      try code([[definition], [B.onStart([B.set("v", call, "s")])]], variables: ["x", "v"]) == [
        "FUNCTION 1 0 4 1",
        "LOAD_L 0", "PUSH_I8 100", "GT", "JUMP_IF_FALSE 3", "PUSH_I8 100", "RET_V",
        "LOAD_L 0", "RET_V",
        "FUNCTION 0 0 5 2", "PUSH_I16 150", "CALL 0", "STORE_G 0", "END",
      ])
  }

  @Test func aCallAboveOtherValuesCountsTheCalleeFromItsArgument() throws {
    // 1 + double(2): the call is at height 2, its argument included.
    let double = Build.define(
      "double", params: ["x"], body: [],
      returning: Build.arithmetic("ADD", B.get("x", "g1"), B.get("x", "g2"), "add"), "d")
    let sum = Build.arithmetic(
      "ADD", B.number(1, "one"), Build.callValue("double", args: [B.number(2, "two")], "c"), "s")
    #expect(
      try code([[double], [B.onStart([B.set("v", sum, "set")])]], variables: ["x", "v"]) == [
        "FUNCTION 1 0 4 1", "LOAD_L 0", "LOAD_L 0", "ADD", "RET_V",
        "FUNCTION 0 0 6 2", "PUSH_1", "PUSH_I8 2", "CALL 0", "ADD", "STORE_G 0", "END",
      ])
  }

  @Test func whenConditionCallingAProcedure() throws {
    let less = Build.compare(
      "LT", TestBlock("kocode_soil_moisture", "so"), B.number(30, "n"), "lt")
    let dry = Build.define("dry", params: [], body: [], returning: less, "d")
    let when = TestBlock(
      "kocode_when", "wh",
      inputs: [
        ("CONDITION", [Build.callValue("dry", args: [], "c")]),
        ("DO", [Build.pump("ON", "on")]),
      ])
    #expect(
      try code([[dry], [when]]) == [
        "FUNCTION 0 0 3 1", "SOIL", "PUSH_I8 30", "LT", "RET_V",
        "FUNCTION 0 0 4 2", "WHEN_WAIT", "CALL 0", "WHEN_FIRE 6", "OUT_ON 0", "LOOP 10",
      ])
  }

  @Test func procedureResultsAndParametersKeepTheirType() throws {
    // wet() gives a Boolean, so its log is LOG_BOOL; show's parameter gets
    // Booleans from its calls, so it prints with PRINT_BOOL.
    let greater = Build.compare(
      "GT", TestBlock("kocode_soil_moisture", "so"), B.number(50, "n"), "gt")
    let wet = Build.define("wet", params: [], body: [], returning: greater, "dw")
    let show = Build.define(
      "show", params: ["p"], body: [Build.print(B.get("p", "gp"), "pr")], "ds")
    let script = [
      Build.log("wet", Build.callValue("wet", args: [], "cw"), "log"),
      Build.call("show", args: [Build.boolean(true, "t")], "c1"),
      Build.call("show", args: [TestBlock("kocode_button", "b")], "c2"),
    ]
    #expect(
      try code([[wet], [show], [B.onStart(script)]], variables: ["p"]) == [
        "FUNCTION 0 0 3 1", "SOIL", "PUSH_I8 50", "GT", "RET_V",
        "FUNCTION 1 0 3 0", "LOAD_L 0", "PRINT_BOOL", "RET",
        "FUNCTION 0 0 4 2", "CALL 0", "LOG_BOOL 0", "PUSH_1", "CALL 10", "BUTTON", "CALL 10",
        "END",
      ])
  }

  @Test func everyPeriodCallingAProcedureThatWaits() throws {
    let pause = Build.define(
      "pause", params: [], body: [Build.wait("S", 1, "w")], returning: B.number(5, "five"), "d")
    let every = TestBlock(
      "kocode_every", "ev",
      inputs: [
        ("SECONDS", [Build.callValue("pause", args: [], "c")]),
        ("DO", [Build.led("GREEN", "ON", "l")]),
      ])
    #expect(
      try code([[pause], [every]]) == [
        "FUNCTION 0 0 2 1", "PUSH_1", "WAIT_S", "PUSH_I8 5", "RET_V",
        "FUNCTION 0 0 3 2", "CALL 0", "EVERY_BEGIN", "OUT_ON 1", "EVERY_NEXT 8",
      ])
  }

  // MARK: - Jump sizes

  /// `bytes` bytes of straight-line code: one 3-byte wait when `bytes` is
  /// odd, two when it is even, and 2-byte LED blocks for the rest.
  func body(bytes: Int) -> [TestBlock] {
    let waits = bytes % 2 == 1 ? 1 : 2
    let leds = (bytes - 3 * waits) / 2
    return (0..<waits).map { Build.wait("MS", 5, "w\($0)") }
      + (0..<leds).map { Build.led("GREEN", $0 % 2 == 0 ? "ON" : "OFF", "l\($0)") }
  }

  @Test func aForwardJumpOf255BytesIsShortAnd256IsWide() throws {
    for (size, jump) in [(255, "JUMP_IF_FALSE 255"), (256, "JUMP_IF_FALSE_W 256")] {
      let ifBlock = TestBlock(
        "controls_if", "if",
        inputs: [("IF0", [TestBlock("kocode_button", "b")]), ("DO0", body(bytes: size))])
      let names = try code([[B.onStart([ifBlock])]])
      #expect(Array(names.prefix(3)) == ["FUNCTION 0 0 2 2", "BUTTON", jump])
      #expect(names.last == "END")
    }
  }

  @Test func aLoopBackOf255BytesIsShortAndLongerIsWide() throws {
    // The short LOOP is 2 bytes, the wide one 3: a 254-byte body cannot
    // take the short form (256), so it takes the wide one (257).
    for (size, loop) in [(253, "LOOP 255"), (254, "LOOP_W 257")] {
      let forever = TestBlock("kocode_forever", "f", inputs: [("DO", body(bytes: size))])
      let names = try code([[B.onStart([forever])]])
      // Nothing follows a loop that never ends: the LOOP is the last instruction.
      #expect(names.last == loop)
    }
  }

  // MARK: - Disabled blocks

  @Test func aDisabledBlockDisappearsAndTheBlocksAfterItStay() throws {
    var pump = Build.pump("ON", "p")
    pump.enabled = false
    var first = Build.led("BUILTIN", "ON", "first")
    first.enabled = false
    var last = Build.wait("S", 1, "last")
    last.enabled = false
    let stack = [first, Build.led("GREEN", "ON", "l1"), pump, Build.led("RED", "ON", "l2"), last]
    #expect(try code([[B.onStart(stack)]]) == ["FUNCTION 0 0 1 2", "OUT_ON 1", "OUT_ON 2", "END"])
  }

  @Test func aDisabledBlockTakesItsInputsWithItEvenUnknownOnes() throws {
    var ifBlock = TestBlock(
      "controls_if", "if",
      inputs: [
        ("IF0", [TestBlock("kocode_teleport", "u1")]),
        ("DO0", [TestBlock("kocode_fly", "u2"), Build.pump("ON", "p")]),
      ])
    ifBlock.enabled = false
    #expect(
      try code([[B.onStart([ifBlock, Build.led("GREEN", "ON", "l")])]]) == [
        "FUNCTION 0 0 1 2", "OUT_ON 1", "END",
      ])
  }

  @Test func disabledReasonsDisableToo() throws {
    let json = """
      {"blocks": {"languageVersion": 0, "blocks": [
        {"type": "kocode_on_start", "id": "hat", "inputs": {"DO": {"block":
          {"type": "kocode_pump", "id": "p", "fields": {"STATE": "ON"},
           "disabledReasons": ["MANUALLY_DISABLED"], "next": {"block":
          {"type": "kocode_led", "id": "l", "fields": {"LED": "RED", "STATE": "ON"},
           "disabledReasons": [], "next": {"block":
          {"type": "kocode_led", "id": "g", "fields": {"LED": "GREEN", "STATE": "ON"},
           "enabled": true}}}}}}}}
      ]}}
      """
    #expect(try compile(json).names == ["FUNCTION 0 0 1 2", "OUT_ON 2", "OUT_ON 1", "END"])
  }

  @Test func aDisabledHatGivesNoScript() throws {
    var disabledStart = B.onStart([Build.pump("ON", "p")], "h1")
    disabledStart.enabled = false
    var disabledWhen = TestBlock(
      "kocode_when", "h2",
      inputs: [("CONDITION", [TestBlock("kocode_fly", "u")]), ("DO", [Build.pump("ON", "p2")])])
    disabledWhen.enabled = false
    let result = try compile(
      [[disabledStart], [disabledWhen], [B.onStart([Build.led("GREEN", "ON", "l")], "h3")]])
    #expect(result.names == ["FUNCTION 0 0 1 2", "OUT_ON 1", "END"])
    #expect(result.image.scriptCount == 1)
    #expect(result.image.functionCount == 1)
    #expect(result.image.host.functionNames == ["kocode_on_start"])
  }

  @Test func onlyDisabledHatsMeanNothingRuns() throws {
    var hat = B.onStart([Build.pump("ON", "p")])
    hat.enabled = false
    let json = TestProgram(stacks: [[hat]]).json
    let compilation = Compiler.compile(Array(json.utf8), board: TestBoards.uno)
    #expect(compilation.diagnostics.map(\.code) == ["nothing_runs"])
    let image = try #require(compilation.image)
    #expect(image.code.isEmpty)
    #expect(image.scriptCount == 0 && image.functionCount == 0)
    // language.md: a program where nothing runs compiles, so its image must
    // pass the verifier that `kocode run` and `kocode disasm` apply to it.
    _ = try Verifier.verify(image, limits: TestBoards.unoLimits)
  }

  @Test func aCallToADisabledProcedureIsSkipped() throws {
    var spray = Build.define("spray", params: [], body: [Build.pump("ON", "p")], "d")
    spray.enabled = false
    let stack = [Build.call("spray", args: [], "c"), Build.led("GREEN", "ON", "l")]
    let result = try compile([[spray], [B.onStart(stack)]])
    #expect(result.names == ["FUNCTION 0 0 1 2", "OUT_ON 1", "END"])
    #expect(result.image.host.functionNames == ["kocode_on_start"])
    #expect(result.warnings == ["disabled_procedure"])
  }

  @Test func aValueCallToADisabledProcedureReadsZero() throws {
    var dryness = Build.define(
      "dryness", params: [], body: [], returning: TestBlock("kocode_soil_moisture", "so"), "d")
    dryness.enabled = false
    let sum = Build.arithmetic(
      "ADD", Build.callValue("dryness", args: [], "c"), B.number(1, "one"), "add")
    let result = try compile([[dryness], [B.onStart([B.set("v", sum, "s")])]], variables: ["v"])
    #expect(
      result.names == ["FUNCTION 0 0 3 2", "PUSH_0", "PUSH_1", "ADD", "STORE_G 0", "END"])
    #expect(result.warnings == ["disabled_procedure"])
  }
}

/// Builders for the blocks these tests use.
private enum Build {
  static func led(_ led: String, _ state: String, _ id: String) -> TestBlock {
    TestBlock("kocode_led", id, fields: [("LED", led), ("STATE", state)])
  }

  static func pump(_ state: String, _ id: String) -> TestBlock {
    TestBlock("kocode_pump", id, fields: [("STATE", state)])
  }

  static func tank(_ id: String) -> TestBlock { TestBlock("kocode_tank_empty", id) }

  static func wait(_ unit: String, _ duration: Int, _ id: String) -> TestBlock {
    TestBlock(
      "kocode_wait", id, fields: [("UNIT", unit)],
      inputs: [("DURATION", [B.number(duration, "\(id).n")])])
  }

  static func repeatField(_ times: Int, _ body: [TestBlock], _ id: String) -> TestBlock {
    TestBlock("controls_repeat", id, fields: [("TIMES", String(times))], inputs: [("DO", body)])
  }

  static func log(_ label: String, _ value: TestBlock, _ id: String) -> TestBlock {
    TestBlock("kocode_log", id, fields: [("LABEL", label)], inputs: [("VALUE", [value])])
  }

  static func print(_ value: TestBlock, _ id: String) -> TestBlock {
    TestBlock("text_print", id, inputs: [("TEXT", [value])])
  }

  static func text(_ text: String, _ id: String) -> TestBlock {
    TestBlock("text", id, fields: [("TEXT", text)])
  }

  static func boolean(_ value: Bool, _ id: String) -> TestBlock {
    TestBlock("logic_boolean", id, fields: [("BOOL", value ? "TRUE" : "FALSE")])
  }

  static func arithmetic(
    _ op: String, _ a: TestBlock, _ b: TestBlock, _ id: String
  ) -> TestBlock {
    TestBlock("math_arithmetic", id, fields: [("OP", op)], inputs: [("A", [a]), ("B", [b])])
  }

  static func single(_ op: String, _ value: TestBlock, _ id: String) -> TestBlock {
    TestBlock("math_single", id, fields: [("OP", op)], inputs: [("NUM", [value])])
  }

  static func round(_ op: String, _ value: TestBlock, _ id: String) -> TestBlock {
    TestBlock("math_round", id, fields: [("OP", op)], inputs: [("NUM", [value])])
  }

  static func compare(_ op: String, _ a: TestBlock, _ b: TestBlock, _ id: String) -> TestBlock {
    TestBlock("logic_compare", id, fields: [("OP", op)], inputs: [("A", [a]), ("B", [b])])
  }

  static func logic(_ op: String, _ a: TestBlock, _ b: TestBlock, _ id: String) -> TestBlock {
    TestBlock("logic_operation", id, fields: [("OP", op)], inputs: [("A", [a]), ("B", [b])])
  }

  static func change(_ variable: String, _ delta: TestBlock, _ id: String) -> TestBlock {
    TestBlock(
      "math_change", id, variables: [("VAR", variable)], inputs: [("DELTA", [delta])])
  }

  /// A procedure definition; with `returning`, one that gives a value.
  static func define(
    _ name: String, params: [String], body: [TestBlock], returning: TestBlock? = nil,
    _ id: String
  ) -> TestBlock {
    let list = params.map { "{\"name\":\"\($0)\",\"id\":\"\($0)\"}" }.joined(separator: ",")
    var inputs: [(String, [TestBlock])] = [("STACK", body)]
    if let returning { inputs.append(("RETURN", [returning])) }
    return TestBlock(
      returning == nil ? "procedures_defnoreturn" : "procedures_defreturn", id,
      fields: [("NAME", name)], inputs: inputs, mutation: [("params", "[\(list)]")])
  }

  static func call(_ name: String, args: [TestBlock], _ id: String) -> TestBlock {
    callBlock("procedures_callnoreturn", name, args: args, id)
  }

  static func callValue(_ name: String, args: [TestBlock], _ id: String) -> TestBlock {
    callBlock("procedures_callreturn", name, args: args, id)
  }

  /// A call's `extraState` names the parameters; the names are not checked
  /// against the definition, only their number.
  private static func callBlock(
    _ type: String, _ name: String, args: [TestBlock], _ id: String
  ) -> TestBlock {
    let params = args.indices.map { "\"a\($0)\"" }.joined(separator: ",")
    return TestBlock(
      type, id, inputs: args.enumerated().map { ("ARG\($0.offset)", [$0.element]) },
      mutation: [("name", "\"\(name)\""), ("params", "[\(params)]")])
  }
}
