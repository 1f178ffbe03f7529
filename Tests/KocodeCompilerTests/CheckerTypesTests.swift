import KocodeBlocks
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// Type inference: variables, parameters, results (language.md section 3).
@Suite struct CheckerTypesTests {
  // MARK: - Variables

  @Test func aBooleanVariableUsedAsANumberIsReportedWhereItIsUsed() {
    let sum = Make.arithmetic("ADD", Make.get("wet", "get"), Make.number("1", "one"), "sum")
    let program = CheckerFixture.checkScript([
      Make.set("wet", Make.boolean(true, "true"), "set"),
      Make.log(sum, "log"),
    ])
    expectOne(.typeMismatch, on: "sum", in: program)
    let message = program.diagnostics(.typeMismatch)[0].message
    #expect(message.en.contains("“wet”") && message.fr.contains("« wet »"))
    #expect(program.globals.map(\.type) == [.boolean])
  }

  @Test func aNumberVariableSetToABooleanIsReportedOnTheSet() {
    let sum = Make.arithmetic("ADD", Make.get("level", "get"), Make.number("1", "one"), "sum")
    let program = CheckerFixture.checkScript([
      Make.log(sum, "log"),
      Make.set("level", Make.boolean(false, "false"), "set"),
    ])
    expectOne(.typeMismatch, on: "set", in: program)
    #expect(program.globals.map(\.type) == [.number])
  }

  @Test func typesFlowThroughVariables() {
    let program = CheckerFixture.checkScript([
      Make.set("a", Make.number("5", "five"), "setA"),
      Make.set("b", Make.get("a", "getA"), "setB"),
      Make.ifThen(Make.get("b", "getB"), [], "if"),
    ])
    expectOne(.typeMismatch, on: "if", in: program)
  }

  @Test func theFirstUseInTheFileFixesTheType() {
    let program = CheckerFixture.check([
      [Make.onStart([Make.set("x", Make.boolean(true, "t"), "first")], "hat1")],
      [Make.onStart([Make.set("x", Make.number("1", "n"), "second")], "hat2")],
    ])
    expectOne(.typeMismatch, on: "second", in: program)
  }

  @Test func aVariableWithoutConstraintIsANumber() {
    let program = CheckerFixture.checkScript([
      Make.set("a", Make.get("b", "getB"), "setA"),
      Make.set("b", Make.get("a", "getA"), "setB"),
      Make.set(
        "flag", Make.compare("EQ", Make.get("a", "getA2"), Make.number("1", "n"), "eq"),
        "setFlag"),
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.globals.map(\.name) == ["a", "b", "flag"])
    #expect(program.globals.map(\.type) == [.number, .number, .boolean])
  }

  @Test func variablesResolveByIDThenByNameIgnoringCase() throws {
    let byID = Block(
      id: "g1", type: "variables_get", fields: ["VAR": .variable(id: "v1", name: nil)])
    let byName = Block(
      id: "s1", type: "variables_set", fields: ["VAR": .variable(id: "other", name: "COUNT")],
      inputs: ["VALUE": [Make.number("1", "n")]])
    let created = Make.set("fresh", Make.number("2", "n2"), "s2")
    let program = CheckerFixture.check(
      [[Make.onStart([byName, Make.log(byID, "log"), created])]],
      variables: [Variable(id: "v1", name: "Count")])
    #expect(program.diagnostics.isEmpty)
    #expect(program.globals.map(\.name) == ["Count", "fresh"])
    #expect(program.globals.map(\.id) == ["v1", "fresh"])
    #expect(program.variables[ObjectIdentifier(byID)] == .global(0))
    #expect(program.variables[ObjectIdentifier(byName)] == .global(0))
    #expect(program.variables[ObjectIdentifier(created)] == .global(1))
  }

  @Test func aVariableFieldWithoutANameIsInvalid() {
    let get = Block(
      id: "get", type: "variables_get", fields: ["VAR": .variable(id: "nope", name: nil)])
    expectOne(.invalidField, on: "get", in: CheckerFixture.checkScript([Make.log(get, "log")]))
  }

  @Test func forLoopsNeedANumberVariable() {
    let loop = Make.block(
      "controls_for", "for",
      inputs: [
        "FROM": [Make.number("1", "a")], "TO": [Make.number("3", "b")],
        "BY": [Make.number("1", "c")], "DO": [],
      ])
    loop.fields["VAR"] = .variable(id: nil, name: "i")
    let program = CheckerFixture.checkScript([Make.set("i", Make.boolean(true, "t"), "set"), loop])
    expectOne(.typeMismatch, on: "for", in: program)
  }

  @Test func changeNeedsANumberVariable() {
    let change = Make.block("math_change", "change", inputs: ["DELTA": [Make.number("1", "n")]])
    change.fields["VAR"] = .variable(id: nil, name: "x")
    let program = CheckerFixture.checkScript([
      change, Make.ifThen(Make.get("x", "get"), [], "if"),
    ])
    expectOne(.typeMismatch, on: "if", in: program)
    #expect(program.diagnostics(.neverSet).isEmpty)
  }

  // MARK: - Operators

  @Test func equalityComparesTwoNumbersOrTwoBooleans() {
    let booleans = Make.compare("EQ", Make.boolean(true, "t"), Make.boolean(false, "f"), "ok")
    let mixed = Make.compare("NEQ", Make.number("1", "n"), Make.boolean(true, "t2"), "mixed")
    let ordered = Make.compare("LT", Make.boolean(true, "t3"), Make.boolean(true, "t4"), "lt")
    let program = CheckerFixture.checkScript([
      Make.log(booleans, "l1"), Make.log(mixed, "l2"), Make.log(ordered, "l3"),
    ])
    #expect(program.diagnostics(.typeMismatch).map(\.block) == ["mixed", "lt", "lt"])
  }

  @Test func ternaryBranchesShareOneType() {
    let ternary = Make.block(
      "logic_ternary", "choose",
      inputs: [
        "IF": [Make.boolean(true, "t")], "THEN": [Make.number("1", "n")],
        "ELSE": [Make.boolean(false, "f")],
      ])
    let good = Make.block(
      "logic_ternary", "good",
      inputs: [
        "IF": [Make.boolean(true, "t2")], "THEN": [Make.get("flag", "g")],
        "ELSE": [Make.boolean(false, "f2")],
      ])
    let program = CheckerFixture.checkScript([
      Make.log(ternary, "l1"), Make.set("flag", good, "set"),
    ])
    expectOne(.typeMismatch, on: "choose", in: program)
    #expect(program.type(of: good) == .boolean)
    #expect(program.globals.map(\.type) == [.boolean])
  }

  @Test func textIsOnlyAMessage() {
    let program = CheckerFixture.checkScript([
      Make.block("text_print", "print", inputs: ["TEXT": [Make.text("hello", "hello")]]),
      Make.block("text_print", "print2", inputs: ["TEXT": [Make.number("5", "n")]]),
      Make.log(Make.text("oops", "t1"), "log"),
      Make.set("name", Make.text("Ada", "t2"), "set"),
      Make.wait(Make.arithmetic("ADD", Make.text("a", "t3"), Make.number("1", "n1"), "sum"), "w"),
    ])
    #expect(program.diagnostics(.typeMismatch).map(\.block) == ["log", "set", "sum"])
    #expect(program.type(of: program.scripts[0].statements("DO")[0].value("TEXT")!) == .text)
  }

  // MARK: - Parameters

  @Test func parameterTypesComeFromTheBody() throws {
    let call = Make.call("maybe", "call", arguments: [Make.number("1", "n")], parameters: ["on"])
    let program = CheckerFixture.check([
      [
        Make.define(
          "maybe", "def", parameters: ["on"],
          body: [
            Make.ifThen(Make.get("ON", "get"), [], "if")
          ])
      ],
      [Make.onStart([call])],
    ])
    expectOne(.typeMismatch, on: "call", in: program)
    #expect(program.procedures[0].parameterTypes == [.boolean])
    let message = program.diagnostics(.typeMismatch)[0].message
    #expect(message.en.contains("“on”") && message.en.contains("“maybe”"))
  }

  @Test func parameterTypesComeFromTheArgumentsElseNumber() {
    let program = CheckerFixture.check([
      [
        Make.define(
          "show", "def1", parameters: ["value"],
          body: [
            Make.block("text_print", "p", inputs: ["TEXT": [Make.get("value", "g")]])
          ])
      ],
      [Make.define("idle", "def2", parameters: ["unused"])],
      [
        Make.onStart([
          Make.call("show", "c1", arguments: [Make.boolean(true, "t")], parameters: ["value"]),
          Make.call("show", "c2", arguments: [Make.number("1", "n")], parameters: ["value"]),
        ])
      ],
    ])
    expectOne(.typeMismatch, on: "c2", in: program)
    #expect(program.procedures.map(\.parameterTypes) == [[.boolean], [.number]])
  }

  @Test func aParameterHidesTheGlobalOfTheSameName() {
    let inBody = Make.set(
      "N",
      Make.arithmetic(
        "ADD", Make.get("n", "g1"), Make.number("1", "one"),
        "sum"), "setParam")
    let inScript = Make.set("n", Make.boolean(true, "t"), "setGlobal")
    let program = CheckerFixture.check([
      [Make.define("bump", "def", parameters: ["n"], body: [inBody])],
      [
        Make.onStart([
          inScript,
          Make.call(
            "bump", "c", arguments: [Make.number("2", "two")],
            parameters: ["n"]),
        ])
      ],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.variables[ObjectIdentifier(inBody)] == .parameter(0))
    #expect(program.variables[ObjectIdentifier(inScript)] == .global(0))
    #expect(program.globals.map(\.type) == [.boolean])
    #expect(program.procedures[0].parameterTypes == [.number])
  }

  // MARK: - Results

  @Test func returnTypesComeFromTheReturnInput() {
    let call = Make.call("isDry", "call", returning: true)
    let program = CheckerFixture.check([
      [Make.define("isDry", "def", returns: Make.block("kocode_tank_empty", "tank"))],
      [Make.onStart([Make.wait(call, "w")])],
    ])
    expectOne(.typeMismatch, on: "call", in: program)
    #expect(program.procedures[0].returnType == .boolean)
    #expect(program.type(of: call) == .number)
  }

  @Test func anIfReturnMustMatchTheReturnType() {
    let ifReturn = Make.block(
      "procedures_ifreturn", "early",
      inputs: ["CONDITION": [Make.boolean(true, "t")], "VALUE": [Make.boolean(false, "f")]])
    let program = CheckerFixture.check([
      [Make.define("level", "def", body: [ifReturn], returns: Make.number("3", "three"))],
      [Make.onStart([Make.log(Make.call("level", "call", returning: true), "log")])],
    ])
    expectOne(.typeMismatch, on: "early", in: program)
    #expect(program.procedures[0].returnType == .number)
  }

  @Test func anIfReturnWithoutValueInAProcedureWithoutResult() {
    let ifReturn = Make.block(
      "procedures_ifreturn", "early", inputs: ["CONDITION": [Make.boolean(true, "t")]])
    let program = CheckerFixture.check([
      [Make.define("work", "def", body: [ifReturn])],
      [Make.onStart([Make.call("work", "call")])],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.procedures[0].returnType == nil)
  }

  @Test func aReturnWithoutValueNeedsItsValueInAProcedureWithResult() {
    let ifReturn = Make.block(
      "procedures_ifreturn", "early", inputs: ["CONDITION": [Make.boolean(true, "t")]])
    let program = CheckerFixture.check([
      [Make.define("level", "def", body: [ifReturn], returns: Make.number("3", "three"))],
      [Make.onStart([Make.log(Make.call("level", "call", returning: true), "log")])],
    ])
    expectOne(.missingInput, on: "early", in: program)
  }

  @Test func aValueCallToAProcedureWithoutResult() {
    let program = CheckerFixture.check([
      [Make.define("work", "def")],
      [Make.onStart([Make.log(Make.call("work", "call", returning: true), "log")])],
    ])
    expectOne(.typeMismatch, on: "call", in: program)
  }

  @Test func aStatementCallMayDropAResult() throws {
    let call = Make.call("level", "call")
    let program = CheckerFixture.check([
      [Make.define("level", "def", returns: Make.number("3", "three"))],
      [Make.onStart([call])],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(try #require(program.callTargets[ObjectIdentifier(call)]) == 0)
  }

  @Test func everyCompiledValueBlockHasAType() {
    let condition = Make.compare(
      "GT", Make.block("kocode_temperature", "temp"),
      Make.number("30", "n"), "hot")
    let program = CheckerFixture.checkScript([
      Make.ifThen(condition, [Make.log(Make.block("kocode_button", "button"), "log")], "if")
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.valueTypes.count == 4)
    #expect(program.type(of: condition) == .boolean)
  }
}
