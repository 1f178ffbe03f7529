import KocodeBlocks
import Testing

/// How JSON values become fields, and where blocks are said to start.
@Suite struct JSONValueTests {
  /// A one-block workspace whose `fields` object is `fields`.
  private func fields(_ fields: String) throws -> [String: FieldValue] {
    let workspace = try readJSON(
      #"{"blocks": {"blocks": [{"type": "t", "fields": "# + fields + "}]}}")
    return try #require(workspace.stacks.first?.first).fields
  }

  @Test(arguments: [
    "5", "5.0", "1e3", "1E+3", "-0", "-12.5e-2", "0.1", "123456789012345678901234",
  ])
  func numbersKeepTheirSpelling(_ spelling: String) throws {
    #expect(try fields(#"{"NUM": "# + spelling + "}")["NUM"] == .text(spelling))
  }

  @Test func booleansAndStringsBecomeText() throws {
    let values = try fields(#"{"A": true, "B": false, "C": "TRUE", "D": ""}"#)
    #expect(
      values == ["A": .text("true"), "B": .text("false"), "C": .text("TRUE"), "D": .text("")])
  }

  @Test func stringEscapesAreDecoded() throws {
    let text = #"{"T": "q\"b\\s\/n\nt\tu\u00e9\u00E9 pair\ud83c\udf31 raw🌱é"}"#
    #expect(try fields(text)["T"] == .text("q\"b\\s/n\nt\tuéé pair🌱 raw🌱é"))
  }

  @Test func aNulEscapeIsKept() throws {
    #expect(try fields(#"{"T": "a\u0000b"}"#)["T"] == .text("a\u{0}b"))
  }

  @Test func variableFieldsInEveryForm() throws {
    let values = try fields(
      #"{"A": {"id": "i"}, "B": {"id": "i", "name": "n", "type": ""}, "#
        + #""C": {"name": "n"}, "VAR": "v"}"#)
    #expect(values["A"] == .variable(id: "i", name: nil))
    #expect(values["B"] == .variable(id: "i", name: "n"))
    #expect(values["C"] == .variable(id: nil, name: "n"))
    #expect(values["VAR"] == .variable(id: nil, name: "v"))
  }

  @Test func aRepeatedKeyKeepsTheLastValue() throws {
    #expect(try fields(#"{"N": 1, "N": 2}"#)["N"] == .text("2"))
  }

  @Test func blocksRecordWhereTheirBraceIs() throws {
    let text = """
      {
        "blocks": {
          "blocks": [
            {"type": "a", "id": "é1", "next": {"block":
              {"type": "b", "id": "b"}}}
          ]
        }
      }
      """
    let stack = try #require(try readJSON(text).stacks.first)
    #expect(stack.map { [$0.line, $0.column] } == [[4, 7], [5, 9]])
  }

  @Test func columnsCountCharactersNotBytes() throws {
    let text = #"{"x": "ééé", "blocks": {"blocks": [{"type": "a"}]}}"#
    let first = try #require(try readJSON(text).stacks.first?.first)
    #expect(first.column == 36)
  }

  @Test func emptyObjectIsAnEmptyWorkspace() throws {
    let workspace = try readJSON("{}")
    #expect(workspace.stacks.isEmpty && workspace.variables.isEmpty)
    #expect(try readJSON(#"{"blocks": {"languageVersion": 0}}"#).stacks.isEmpty)
  }

  @Test func unknownKeysAnywhereAreIgnored() throws {
    let text = """
      {"junk": [1, {"deep": [null, true]}], "workspaceComments": [],
       "blocks": {"languageVersion": 0, "other": {}, "blocks": [
         {"type": "a", "id": "a", "icons": {"comment": {"text": "hi"}}, "data": "x",
          "collapsed": false, "deletable": true, "inputs": {}, "fields": {}}]},
       "variables": [{"name": "v", "id": "v", "isLocal": false}], "procedures": null}
      """
    let workspace = try readJSON(text)
    #expect(workspace.stacks.map { $0.map(\.id) } == [["a"]])
    #expect(workspace.variables == [Variable(id: "v", name: "v")])
  }

  @Test func anInputWithNeitherBlockNorShadowStaysAbsent() throws {
    let text = #"{"blocks": {"blocks": [{"type": "a", "inputs": {"DO": {}}, "next": {}}]}}"#
    let stack = try #require(try readJSON(text).stacks.first)
    #expect(stack.count == 1)
    #expect(stack[0].inputs.isEmpty)
  }

  @Test func extraStateCountsMayBeSpelledAsAnyInteger() throws {
    let text =
      #"{"blocks": {"blocks": [{"type": "controls_if", "extraState": {"elseIfCount": 2e0}}]}}"#
    #expect(try readJSON(text).stacks.first?.first?.mutation.elseIfCount == 2)
  }
}
