import Foundation
import KocodeBlocks
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// Program structure: scripts, disabled blocks, procedures and their
/// order, the order of diagnostics, and programs that are deep or long.
@Suite struct CheckerStructureTests {
  // MARK: - Disabled blocks

  @Test func aDisabledBlockIsSkippedWithItsInputsButNotWhatFollows() {
    let disabled = Make.block(
      "controls_repeat_ext", "off", inputs: ["DO": [Make.block("kocode_unknown", "inside")]],
      enabled: false)
    let after = Make.wait(Make.number("2.5", "fraction"), "after")
    let program = CheckerFixture.checkScript([disabled, after])
    #expect(program.codes == ["not_an_integer"])
    #expect(program.diagnostics[0].block == "fraction")
  }

  @Test func aDisabledValueLeavesItsSocketEmpty() {
    let number = Make.block("math_number", "off", fields: ["NUM": "1"], enabled: false)
    let program = CheckerFixture.checkScript([Make.wait(number, "wait")])
    expectOne(.missingInput, on: "wait", in: program)
    #expect(program.valueTypes.isEmpty)
  }

  @Test func aDisabledHatDisablesItsScript() {
    let hat = Make.onStart([Make.block("kocode_unknown", "inside")], enabled: false)
    let program = CheckerFixture.check([[hat], [Make.onStart([], "on")]])
    #expect(program.diagnostics.isEmpty)
    #expect(program.scripts.map(\.id) == ["on"])
  }

  @Test func aDisabledDefinitionIsLeftOut() {
    let definition = Make.define(
      "broken", "def", body: [Make.block("kocode_unknown", "inside")], enabled: false)
    let program = CheckerFixture.check([[definition], [Make.onStart([])]])
    #expect(program.diagnostics.isEmpty)
    #expect(program.procedures.isEmpty)
  }

  @Test func shadowsAreValues() {
    let shadow = Block(
      id: "shadow", type: "math_number", fields: ["NUM": .text("5")], isShadow: true)
    let program = CheckerFixture.checkScript([Make.wait(shadow, "w")])
    #expect(program.diagnostics.isEmpty)
    #expect(program.numbers[ObjectIdentifier(shadow)] == 5)
  }

  // MARK: - Scripts and mutations

  @Test func scriptsAreTheEnabledHatsInFileOrder() {
    let every = Make.block(
      "kocode_every", "every", inputs: ["SECONDS": [Make.number("2", "n")], "DO": []])
    let when = Make.block(
      "kocode_when", "when", inputs: ["CONDITION": [Make.block("kocode_button", "b")], "DO": []])
    let program = CheckerFixture.check([
      [Make.define("helper", "def")], [when], [every], [Make.onStart([], "start")],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.scripts.map(\.id) == ["when", "every", "start"])
  }

  @Test func hatInputsAreTyped() {
    let every = Make.block(
      "kocode_every", "every", inputs: ["SECONDS": [Make.boolean(true, "t")], "DO": []])
    let when = Make.block(
      "kocode_when", "when", inputs: ["CONDITION": [Make.number("1", "n")], "DO": []])
    let program = CheckerFixture.check([[every], [when]])
    #expect(program.diagnostics(.typeMismatch).map(\.block) == ["every", "when"])
  }

  @Test func elseIfBranchesFollowTheMutation() {
    var mutation = Mutation()
    mutation.elseIfCount = 2
    mutation.hasElse = true
    let ifBlock = Make.block(
      "controls_if", "if",
      inputs: [
        "IF0": [Make.boolean(true, "c0")], "IF2": [Make.number("1", "c2")],
        "ELSE": [Make.block("kocode_unknown", "inElse")],
      ], mutation: mutation)
    let program = CheckerFixture.checkScript([ifBlock])
    #expect(program.codes == ["missing_input", "type_mismatch", "unknown_block"])
    #expect(program.diagnostics.map(\.block) == ["if", "if", "inElse"])
  }

  @Test func inputsTheMutationDoesNotHaveAreIgnored() {
    let ifBlock = Make.block(
      "controls_if", "if",
      inputs: ["IF0": [Make.boolean(true, "c0")], "ELSE": [Make.block("kocode_unknown", "x")]])
    #expect(CheckerFixture.checkScript([ifBlock]).diagnostics.isEmpty)
  }

  @Test func ifElseHasItsThreeInputs() {
    let ifElse = Make.block(
      "controls_ifelse", "ifelse",
      inputs: ["DO0": [], "ELSE": [Make.block("kocode_stop", "stop", fields: ["WHAT": "SCRIPT"])]])
    let program = CheckerFixture.checkScript([ifElse])
    expectOne(.missingInput, on: "ifelse", in: program)
  }

  @Test func aDefinitionWithoutStatementsHasNoStack() {
    var mutation = Mutation()
    mutation.hasStatements = false
    let definition = Make.block(
      "procedures_defreturn", "def", fields: ["NAME": "five"],
      inputs: [
        "STACK": [Make.block("kocode_unknown", "ignored")], "RETURN": [Make.number("5", "n")],
      ], mutation: mutation)
    let program = CheckerFixture.check([
      [definition], [Make.onStart([Make.log(Make.call("five", "c", returning: true), "l")])],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.procedures[0].returnType == .number)
  }

  // MARK: - Procedures

  @Test func proceduresComeCalleesFirstThenInFileOrder() {
    let program = CheckerFixture.check([
      [Make.define("main", "main", body: [Make.call("water", "c1"), Make.call("wait", "c2")])],
      [Make.define("water", "water", body: [Make.call("wait", "c3")])],
      [Make.define("alone", "alone")],
      [Make.define("wait", "wait")],
      [Make.onStart([Make.call("main", "c4")])],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.procedures.map(\.name) == ["alone", "wait", "water", "main"])
  }

  @Test func callTargetsPointIntoTheOrderedProcedures() throws {
    let outer = Make.call("outer", "c1")
    let inner = Make.call("inner", "c2")
    let program = CheckerFixture.check([
      [Make.define("outer", "outerDef", body: [inner])],
      [Make.define("inner", "innerDef")],
      [Make.onStart([outer])],
    ])
    let outerIndex = try #require(program.callTargets[ObjectIdentifier(outer)])
    let innerIndex = try #require(program.callTargets[ObjectIdentifier(inner)])
    #expect(program.procedures[outerIndex].name == "outer")
    #expect(program.procedures[innerIndex].name == "inner")
    #expect(innerIndex < outerIndex)
  }

  @Test func parametersInsideTheBodyAreParameters() {
    let get = Make.get("Seconds", "get")
    let program = CheckerFixture.check([
      [
        Make.define(
          "water", "def", parameters: ["seconds"],
          body: [
            Make.block("kocode_water", "w", inputs: ["SECONDS": [get]])
          ])
      ],
      [
        Make.onStart([
          Make.call(
            "water", "c", arguments: [Make.number("5", "n")],
            parameters: ["seconds"])
        ])
      ],
    ])
    #expect(program.diagnostics.isEmpty)
    #expect(program.variables[ObjectIdentifier(get)] == .parameter(0))
    #expect(program.globals.isEmpty)
    #expect(program.procedures[0].parameters == ["seconds"])
  }

  // MARK: - Diagnostics order

  @Test func diagnosticsFollowTheFileThenTheCode() {
    let first = Make.wait(Make.number("1.5", "a"), "w1", unit: "HOURS")
    let second = Make.block("kocode_unknown", "b")
    let program = CheckerFixture.check([
      [Make.onStart([first, second], "hat")],
      [Make.wait(Make.number("1", "n"), "orphan")],
    ])
    #expect(program.codes == ["invalid_field", "not_an_integer", "unknown_block", "orphan_blocks"])
    #expect(program.diagnostics.map(\.block) == ["w1", "a", "b", "orphan"])
  }

  @Test func checkingTwiceGivesTheSameResult() {
    let make = {
      CheckerFixture.check([
        [
          Make.onStart([
            Make.set("x", Make.boolean(true, "t"), "s"),
            Make.log(Make.arithmetic("ADD", Make.get("x", "g"), Make.get("y", "g2"), "sum"), "l"),
          ])
        ],
        [Make.define("f", "f", body: [Make.call("f", "self")])],
      ])
    }
    let (first, second) = (make(), make())
    #expect(first.diagnostics == second.diagnostics)
    #expect(first.globals == second.globals)
  }

  // MARK: - Size

  @Test func aThousandLevelsOfNestingDoNotOverflowTheStack() {
    var value = Make.number("1", "leaf")
    for level in 0..<1_000 {
      value = Make.arithmetic("ADD", value, Make.number("1", "n\(level)"), "add\(level)")
    }
    var statement = Make.log(value, "log")
    for level in 0..<1_000 {
      statement = Make.ifThen(Make.boolean(true, "c\(level)"), [statement], "if\(level)")
    }
    let program = CheckerFixture.checkScript([statement])
    #expect(program.diagnostics.isEmpty)
    #expect(program.valueTypes.count == 1 + 2_000 + 1_000)
  }

  @Test func aThousandNestedTernariesAndCallsStayIterative() {
    var value = Make.get("x", "leaf")
    for level in 0..<1_000 {
      value = Make.block(
        "logic_ternary", "t\(level)",
        inputs: [
          "IF": [Make.boolean(true, "b\(level)")], "THEN": [value],
          "ELSE": [Make.get("x", "e\(level)")],
        ])
    }
    var definitions: [[Block]] = []
    for index in 0..<1_000 {
      let body = index + 1 < 1_000 ? [Make.call("p\(index + 1)", "call\(index)")] : []
      definitions.append([Make.define("p\(index)", "def\(index)", body: body)])
    }
    let program = CheckerFixture.check(
      [[Make.onStart([Make.set("x", value, "set"), Make.call("p0", "firstCall")])]] + definitions)
    #expect(program.diagnostics.isEmpty)
    #expect(program.procedures.first?.name == "p999")
    #expect(program.procedures.last?.name == "p0")
  }

  @Test func fiveThousandBlocksInOneStack() {
    let body = (0..<5_000).map { index in
      Make.set("v\(index % 20)", Make.number(String(index), "n\(index)"), "s\(index)")
    }
    let started = Date()
    let program = CheckerFixture.checkScript(body)
    #expect(program.diagnostics.isEmpty)
    #expect(program.globals.count == 20)
    #expect(Date().timeIntervalSince(started) < 5)
  }

  @Test func aHugeElseIfCountIsBounded() {
    var mutation = Mutation()
    mutation.elseIfCount = Int.max
    let ifBlock = Make.block("controls_if", "if", mutation: mutation)
    let program = CheckerFixture.checkScript([ifBlock])
    #expect(program.diagnostics(.missingInput).count == Checker.maxElseIfBranches + 1)
  }
}
