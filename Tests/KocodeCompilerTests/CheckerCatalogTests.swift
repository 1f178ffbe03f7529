import KocodeSupport
import Testing

@testable import KocodeCompiler

/// The block catalogue against language.md section 4, and the reading of
/// number fields.
@Suite struct CheckerCatalogTests {
  /// Every block type language.md names, with its hue.
  static let specified: [String: Int] = [
    "kocode_on_start": 45, "kocode_every": 45, "kocode_when": 45,
    "controls_if": 210, "controls_ifelse": 210, "controls_repeat_ext": 120,
    "controls_repeat": 120, "controls_whileUntil": 120, "controls_for": 120,
    "controls_flow_statements": 120, "kocode_forever": 120, "kocode_wait": 120,
    "kocode_wait_until": 120, "kocode_stop": 120,
    "kocode_soil_moisture": 190, "kocode_light": 190, "kocode_temperature": 190,
    "kocode_tank_empty": 190, "kocode_button": 190, "kocode_time": 190,
    "kocode_analog_read": 190, "kocode_digital_read": 190,
    "kocode_pump": 20, "kocode_water": 20, "kocode_led": 20, "kocode_beep": 20,
    "kocode_digital_write": 20, "kocode_analog_write": 20,
    "kocode_log": 65, "text_print": 160, "text": 160,
    "logic_compare": 210, "logic_operation": 210, "logic_negate": 210, "logic_boolean": 210,
    "logic_ternary": 210, "math_number": 230, "math_arithmetic": 230, "math_modulo": 230,
    "math_single": 230, "math_round": 230, "math_random_int": 230, "math_constrain": 230,
    "kocode_map": 230, "variables_get": 330, "variables_set": 330, "math_change": 330,
    "procedures_defnoreturn": 290, "procedures_defreturn": 290,
    "procedures_callnoreturn": 290, "procedures_callreturn": 290, "procedures_ifreturn": 290,
  ]

  @Test func theCatalogueHasExactlyTheSpecifiedBlocks() {
    #expect(Set(BlockCatalog.all.map(\.type)) == Set(Self.specified.keys))
    #expect(BlockCatalog.all.count == Self.specified.count)
    for spec in BlockCatalog.all {
      #expect(spec.hue == Self.specified[spec.type], "\(spec.type)")
      #expect(BlockCatalog.spec(for: spec.type)?.type == spec.type)
    }
    #expect(BlockCatalog.spec(for: "math_trig") == nil)
  }

  @Test func everyBlockHasTwoNamesAndAConsistentShape() {
    for spec in BlockCatalog.all {
      #expect(!spec.name.fr.isEmpty && !spec.name.en.isEmpty, "\(spec.type)")
      #expect((spec.output != nil) == (spec.shape == .value), "\(spec.type)")
      #expect(Set(spec.inputs.map(\.name)).count == spec.inputs.count, "\(spec.type)")
    }
    let hats = BlockCatalog.all.filter(\.isHat).map(\.type)
    #expect(hats == ["kocode_on_start", "kocode_every", "kocode_when"])
  }

  @Test func fieldOptionsAreTheSpecifiedOnes() {
    let options = { (type: String, field: String) -> [String] in
      guard case .options(let list, _)? = BlockCatalog.spec(for: type)?.field(field)?.kind
      else { return [] }
      return list.map(\.value)
    }
    #expect(
      Set(options("math_arithmetic", "OP")) == ["ADD", "MINUS", "MULTIPLY", "DIVIDE", "POWER"])
    #expect(options("kocode_wait", "UNIT") == ["MS", "S", "MIN"])
    #expect(options("kocode_time", "UNIT") == ["MS", "S"])
    #expect(Set(options("math_single", "OP")) == ["ABS", "NEG", "ROOT"])
    #expect(Set(options("logic_compare", "OP")) == ["EQ", "NEQ", "LT", "LTE", "GT", "GTE"])
    #expect(options("kocode_stop", "WHAT") == ["SCRIPT", "ALL"])
    #expect(options("controls_whileUntil", "MODE") == ["WHILE", "UNTIL"])
  }

  @Test func boardChoicesComeFromTheBoard() {
    let board = CheckerFixture.uno
    #expect(BoardChoice.leds.options(on: board) == ["GREEN", "RED", "BUILTIN"])
    #expect(BoardChoice.freePins.options(on: board) == ["D9", "D10", "D11"])
    #expect(BoardChoice.pwmPins.options(on: board) == ["D9", "D10", "D11"])
    #expect(BoardChoice.analogInputs.options(on: board) == ["A0", "A1", "A2", "A3", "A4", "A5"])
    #expect(BoardChoice.digitalInputs.options(on: board) == ["D2", "D3"])
  }

  @Test func inputTypesFollowTheSpec() {
    let accepts = { (type: String, input: String) in
      BlockCatalog.spec(for: type)?.input(input)?.accepts ?? []
    }
    #expect(accepts("kocode_every", "SECONDS") == [.number])
    #expect(accepts("kocode_when", "CONDITION") == [.boolean])
    #expect(accepts("text_print", "TEXT") == [.text, .number, .boolean])
    #expect(accepts("kocode_log", "VALUE") == [.number, .boolean])
    #expect(accepts("kocode_digital_write", "STATE") == [.boolean])
    #expect(accepts("kocode_map", "TO_HIGH") == [.number])
  }

  @Test func numberFieldsAreReadExactly() {
    typealias Literal = Checker.NumberLiteral
    #expect(Literal.read("5") == .integer(5))
    #expect(Literal.read("5.0") == .integer(5))
    #expect(Literal.read("1e3") == .integer(1000))
    #expect(Literal.read("1E+3") == .integer(1000))
    #expect(Literal.read(" -42 ") == .integer(-42))
    #expect(Literal.read("+7") == .integer(7))
    #expect(Literal.read("-0") == .integer(0))
    #expect(Literal.read("0.000") == .integer(0))
    #expect(Literal.read("2500e-2") == .integer(25))
    #expect(Literal.read("2147483647") == .integer(Int32.max))
    #expect(Literal.read("-2147483648") == .integer(Int32.min))
    #expect(Literal.read("2147483648") == .outOfRange)
    #expect(Literal.read("-2147483649") == .outOfRange)
    #expect(Literal.read("1e10") == .outOfRange)
    #expect(Literal.read("1e999999999999") == .outOfRange)
    #expect(Literal.read("Infinity") == .outOfRange)
    #expect(Literal.read("-Infinity") == .outOfRange)
    #expect(Literal.read("2.5") == .fraction)
    #expect(Literal.read(".5") == .fraction)
    #expect(Literal.read("2147483647.0000000001") == .fraction)
    #expect(Literal.read("1e-999999999") == .fraction)
    #expect(Literal.read("") == .invalid)
    #expect(Literal.read("abc") == .invalid)
    #expect(Literal.read("NaN") == .invalid)
    #expect(Literal.read("0x10") == .invalid)
    #expect(Literal.read("1e") == .invalid)
    #expect(Literal.read(".") == .invalid)
    #expect(Literal.read("5.") == .integer(5))
  }

  @Test func everyMessageIsInBothLanguages() {
    let name = Localized(fr: "si", en: "if")
    let board = Localized(fr: "Serre", en: "Greenhouse")
    let mismatches: [Messages.TypeMismatch] = [
      .input(expected: [.boolean], got: .number),
      .input(expected: [.number, .boolean], got: .text),
      .variableRead(expected: [.number], variable: "x", holds: .boolean),
      .variableWrite(variable: "x", holds: .number, got: .boolean),
      .argument(procedure: "f", parameter: "a", expected: .number, got: .boolean),
      .result(procedure: "f", returns: .boolean, usedAs: .number),
      .noResult(procedure: "f"), .returnValue(procedure: "f", returns: .number, got: .boolean),
      .sides(.number, .boolean),
    ]
    let unsupported: [Messages.Unsupported] = [
      .operation("LN", supported: ["ABS"]), .sensor, .output, .led("BLUE", available: ["RED"]),
    ]
    let misplaced: [Messages.Misplacement] = [.valueInStack, .statementInSocket, .startInside]
    var messages = mismatches.map { Messages.typeMismatch(block: name, $0) }
    messages += unsupported.map { Messages.unsupportedOnBoard(block: name, board: board, $0) }
    messages += misplaced.map { Messages.misplacedBlock(block: name, $0) }
    messages += [
      Messages.invalidField(block: name, value: "", options: []),
      Messages.wrongArgumentCount(procedure: "f", expected: 1, got: 2),
      Messages.pinNotAvailable(block: name, pin: "", available: []),
    ]
    for message in messages {
      expectBothLanguages(message)
    }
    #expect(Set(messages.map(\.en)).count == messages.count)
  }
}
