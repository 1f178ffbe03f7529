import KocodeBlocks
import Testing

/// The JSON and the XML of one workspace give the same model (section 1:
/// "Both formats produce the same program").
@Suite struct SameModelTests {
  @Test(arguments: Fixtures.all)
  func jsonAndXMLGiveTheSameModel(_ pair: WorkspacePair) throws {
    let fromJSON = try readJSON(pair.json)
    let fromXML = try readXML(pair.xml)
    #expect(modelText(fromJSON) == modelText(fromXML))
    #expect(!fromJSON.stacks.isEmpty)
  }

  @Test(arguments: Fixtures.all)
  func readChoosesTheFormatByTheFirstCharacter(_ pair: WorkspacePair) throws {
    let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    let json = try WorkspaceReader.read(byteOrderMark + Array((" \n" + pair.json).utf8))
    let xml = try WorkspaceReader.read(byteOrderMark + Array(("\n\t" + pair.xml).utf8))
    #expect(modelText(json) == modelText(try readJSON(pair.json)))
    #expect(modelText(xml) == modelText(json))
  }

  @Test func ifElseHasItsBranchesAndMutation() throws {
    let workspace = try readJSON(Fixtures.ifElse.json)
    #expect(workspace.stacks.map { $0.map(\.id) } == [["start", "if1"], ["orphan"]])
    let ifBlock = workspace.stacks[0][1]
    #expect(ifBlock.mutation.elseIfCount == 1)
    #expect(ifBlock.mutation.hasElse)
    #expect(ifBlock.statements("DO0").map(\.id) == ["set1", "chg"])
    #expect(ifBlock.value("IF1")?.fields["BOOL"] == .text("TRUE"))
    #expect(ifBlock.statements("ELSE").map(\.type) == ["kocode_wait"])
  }

  @Test func variableFieldsKeepWhatTheFileSays() throws {
    for workspace in [try readJSON(Fixtures.ifElse.json), try readXML(Fixtures.ifElse.xml)] {
      let ifBlock = workspace.stacks[0][1]
      let get = ifBlock.value("IF0")?.value("A")
      #expect(get?.fields["VAR"] == .variable(id: "v1", name: nil))
      let set = ifBlock.statements("DO0")
      #expect(set[0].fields["VAR"] == .variable(id: "v1", name: "count"))
      #expect(set[1].fields["VAR"] == .variable(id: nil, name: "other"))
      #expect(
        workspace.variables == [
          Variable(id: "v1", name: "count"), Variable(id: "v2", name: "other"),
        ])
    }
  }

  @Test func theRealBlockWinsOverTheShadow() throws {
    for workspace in [try readJSON(Fixtures.ifElse.json), try readXML(Fixtures.ifElse.xml)] {
      let set = workspace.stacks[0][1].statements("DO0")[0]
      let value = try #require(set.value("VALUE"))
      #expect(value.id == "n3")
      #expect(!value.isShadow)
      #expect(value.fields["NUM"] == .text("1e3"))
      let change = workspace.stacks[0][1].statements("DO0")[1]
      let delta = try #require(change.value("DELTA"))
      #expect(delta.id == "n4")
      #expect(delta.isShadow)
      #expect(set.statements("VALUE").count == 1)
    }
  }

  @Test func proceduresKeepParametersAndCalls() throws {
    for workspace in [
      try readJSON(Fixtures.procedures.json), try readXML(Fixtures.procedures.xml),
    ] {
      let definition = workspace.stacks[0][0].mutation
      #expect(
        definition.parameters == [
          Parameter(name: "ml", id: "p1"), Parameter(name: "times", id: "p2"),
        ])
      #expect(definition.hasStatements)
      let noStatements = workspace.stacks[1][0].mutation
      #expect(!noStatements.hasStatements)
      #expect(noStatements.parameters == [Parameter(name: "x")])
      let call = workspace.stacks[3][1]
      #expect(call.mutation.name == "water")
      #expect(call.mutation.parameters.map(\.name) == ["ml", "times"])
      #expect(call.value("ARG0")?.fields["NUM"] == .text("250"))
      #expect(call.value("ARG1")?.isShadow == true)
      #expect(workspace.stacks[0][0].value("STACK")?.mutation.name == "blink")
    }
  }

  @Test func disabledBlocksInEverySpelling() throws {
    for workspace in [try readJSON(Fixtures.disabled.json), try readXML(Fixtures.disabled.xml)] {
      #expect(!workspace.stacks[0][0].isEnabled)
      let stack = workspace.stacks[1]
      #expect(stack.map(\.isEnabled) == [true, false, true])
      #expect(stack[1].value("TIME")?.isEnabled == true)
    }
  }

  @Test func blocksWithoutIDsGetTheSameIDsFromTheirPlace() throws {
    let expected = [
      "auto:0.0", "auto:0.1", "auto:0.1.TIMES.0", "auto:0.1.DO.0", "auto:0.1.DO.1",
      "auto:0.1.DO.2", "auto:1.0",
    ]
    for workspace in [
      try readJSON(Fixtures.legacyWithoutIDs.json), try readXML(Fixtures.legacyWithoutIDs.xml),
    ] {
      let repeatBlock = workspace.stacks[0][1]
      let ids =
        workspace.stacks[0].map(\.id) + [repeatBlock.value("TIMES")?.id ?? "none"]
        + repeatBlock.statements("DO").map(\.id) + workspace.stacks[1].map(\.id)
      #expect(ids.sorted() == expected.sorted())
      #expect(workspace.variables == [Variable(id: "auto:variable.0", name: "n")])
    }
  }

  @Test func aNamespacePrefixIsIgnored() throws {
    let xml = """
      <b:xml xmlns:b="https://developers.google.com/blockly/xml">
        <b:block b:type="x" type="kocode_wait" id="w"><b:field name="N">1</b:field></b:block>
      </b:xml>
      """
    let workspace = try readXML(xml)
    #expect(workspace.stacks.first?.first?.id == "w")
    #expect(workspace.stacks.first?.first?.fields["N"] == .text("1"))
  }
}
