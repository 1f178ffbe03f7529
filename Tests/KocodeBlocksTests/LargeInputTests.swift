import KocodeBlocks
import Testing

/// Size and depth (section 1: "Programs of thousands of blocks in one
/// stack must load"; deep input "works or gets a clear error, never a stack
/// overflow").
@Suite struct LargeInputTests {
  /// One stack of `count` blocks chained through `next`: twice as many
  /// levels of JSON nesting.
  static func jsonStack(_ count: Int, ids: Bool = true) -> String {
    var text = #"{"blocks": {"languageVersion": 0, "blocks": ["#
    for index in 0..<count {
      let id = ids ? #", "id": "b\#(index)""# : ""
      text += #"{"type": "kocode_wait"\#(id), "fields": {"N": \#(index)}"#
      text += index + 1 < count ? #", "next": {"block": "# : ""
    }
    text += String(repeating: "}}", count: count - 1) + "}]}}"
    return text
  }

  static func xmlStack(_ count: Int, ids: Bool = true) -> String {
    var text = "<xml xmlns=\"https://developers.google.com/blockly/xml\">\n"
    for index in 0..<count {
      let id = ids ? " id=\"b\(index)\"" : ""
      text += "<block type=\"kocode_wait\"\(id)><field name=\"N\">\(index)</field>"
      text += index + 1 < count ? "<next>" : ""
    }
    text += String(repeating: "</block></next>", count: count - 1) + "</block>\n</xml>"
    return text
  }

  /// Blocks nested `depth` deep through the input `A`.
  static func jsonNesting(_ depth: Int) -> String {
    let open = #"{"type": "logic_negate", "inputs": {"A": {"block": "#
    return #"{"blocks": {"blocks": ["# + String(repeating: open, count: depth - 1)
      + #"{"type": "logic_boolean"}"# + String(repeating: "}}}", count: depth - 1) + "]}}"
  }

  static func xmlNesting(_ depth: Int) -> String {
    let open = "<block type=\"logic_negate\"><value name=\"A\">"
    return "<xml>" + String(repeating: open, count: depth - 1) + "<block type=\"logic_boolean\"/>"
      + String(repeating: "</value></block>", count: depth - 1) + "</xml>"
  }

  @Test func aFiveThousandBlockStackLoadsAsOneArray() throws {
    let expectedIDs = (0..<5_000).map { "b\($0)" }
    for workspace in [
      try readJSON(Self.jsonStack(5_000)), try readXML(Self.xmlStack(5_000)),
    ] {
      #expect(workspace.stacks.count == 1)
      let stack = workspace.stacks[0]
      #expect(stack.count == 5_000)
      #expect(stack.map(\.id) == expectedIDs)
      #expect(stack.last?.fields["N"] == .text("4999"))
      #expect(stack.allSatisfy { $0.inputs.isEmpty })
    }
  }

  @Test func aLongStackWithoutIDsGetsTheSameIDsInBothFormats() throws {
    let json = try readJSON(Self.jsonStack(3_000, ids: false))
    let xml = try readXML(Self.xmlStack(3_000, ids: false))
    #expect(json.stacks[0].map(\.id) == xml.stacks[0].map(\.id))
    #expect(json.stacks[0][2_999].id == "auto:0.2999")
  }

  @Test func automaticIDsStayShortUnderLongInputNames() throws {
    let name = String(repeating: "N", count: 10_000)
    let json = try readJSON(
      #"{"blocks": {"blocks": [{"type": "a", "inputs": {""# + name
        + #"": {"block": {"type": "b", "next": {"block": {"type": "c"}}}}}}]}}"#)
    let xml = try readXML(
      "<xml><block type=\"a\"><statement name=\"\(name)\">"
        + "<block type=\"b\"><next><block type=\"c\"/></next></block></statement></block></xml>")
    let ids = json.stacks[0][0].statements(name).map(\.id)
    #expect(ids == xml.stacks[0][0].statements(name).map(\.id))
    #expect(ids.count == 2 && ids.allSatisfy { $0.hasPrefix("auto:~") && $0.count < 30 })
    #expect(ids[0] != ids[1])
  }

  @Test func nestingUpToTheLimitLoads() throws {
    let depth = WorkspaceReader.maxDepth
    for workspace in [try readJSON(Self.jsonNesting(depth)), try readXML(Self.xmlNesting(depth))] {
      var levels = 0
      var current = workspace.stacks.first?.first
      while let block = current {
        levels += 1
        current = block.value("A")
      }
      #expect(levels == depth)
    }
  }

  @Test func nestingTenThousandDeepIsTooDeep() throws {
    let json = try #require(malformed(Array(Self.jsonNesting(10_000).utf8)))
    #expect(json.reason == .tooDeep(limit: WorkspaceReader.maxDepth))
    // The first block over the limit: after the list's "[" and 1,000 openers.
    let opener = #"{"type": "logic_negate", "inputs": {"A": {"block": "#.utf8.count
    #expect(json.line == 1 && json.column == 24 + 1_000 * opener)

    let xml = try #require(malformed(Array(Self.xmlNesting(10_000).utf8)))
    #expect(xml.reason == .tooDeep(limit: WorkspaceReader.maxDepth))
    #expect(xml.line == 1 && xml.column > 1)
  }

  @Test func thirtyThousandOpenArraysAreMalformed() throws {
    let unclosed = try #require(malformed(Array(String(repeating: "[", count: 30_000).utf8)))
    #expect(
      unclosed
        == MalformedProgram(
          .json(expected: "a value", found: "the end of the file"), line: 1, column: 30_001))

    let closed = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
    let shape = try #require(malformed(Array(closed.utf8)))
    #expect(shape.reason == .shape(what: "the workspace", expected: "an object"))
  }

  @Test func deeplyNestedUnknownJSONIsIgnored() throws {
    let text =
      "{\"junk\": " + String(repeating: "{\"a\": [", count: 20_000) + "1"
      + String(repeating: "]}", count: 20_000) + "}"
    #expect(try readJSON(text).stacks.isEmpty)
  }

  @Test func deeplyNestedUnknownXMLIsIgnored() throws {
    let text =
      "<xml>" + String(repeating: "<junk>", count: 20_000)
      + String(repeating: "</junk>", count: 20_000) + "</xml>"
    #expect(try readXML(text).stacks.isEmpty)
  }

  @Test func aLargeProgramIsReadInOnePass() throws {
    // Many small scripts with inputs: a realistic shape for a big file.
    var blocks: [String] = []
    for index in 0..<1_000 {
      blocks.append(
        #"{"type": "controls_if", "id": "if\#(index)", "extraState": {"hasElse": true}, "#
          + #""inputs": {"IF0": {"block": {"type": "logic_boolean", "#
          + #""fields": {"BOOL": "TRUE"}}}, "ELSE": {"block": {"type": "kocode_wait", "#
          + #""next": {"block": {"type": "kocode_wait"}}}}}}"#)
    }
    let text = #"{"blocks": {"blocks": ["# + blocks.joined(separator: ",\n") + "]}}"
    let workspace = try readJSON(text)
    #expect(workspace.stacks.count == 1_000)
    #expect(workspace.stacks[999][0].statements("ELSE").count == 2)
    #expect(workspace.stacks[999][0].line == 1_000)
  }
}
