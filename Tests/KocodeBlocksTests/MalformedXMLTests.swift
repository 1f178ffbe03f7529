import KocodeBlocks
import Testing

/// Broken or hostile XML: each gives a clear reason and a plausible place.
@Suite struct MalformedXMLTests {
  /// The error reading `text` as XML, which must exist.
  private func error(_ text: String) throws -> MalformedProgram {
    try #require(malformed(Array(text.utf8), as: .xml))
  }

  @Test func billionLaughsIsRefusedBeforeParsing() throws {
    let text = """
      <?xml version="1.0"?>
      <!DOCTYPE lolz [
        <!ENTITY lol "lol">
        <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      ]>
      <xml><block type="a"><field name="T">&lol3;</field></block></xml>
      """
    let refusal = try error(text)
    #expect(
      refusal
        == MalformedProgram(
          .xml("DOCTYPE and ENTITY declarations are not accepted"), line: 2, column: 1))
    #expect(malformed(Array(text.utf8)) == refusal)
  }

  @Test func externalEntitiesAreRefused() throws {
    let text = """
      <!doctype xml SYSTEM "file:///etc/passwd"><xml>&xxe;</xml>
      """
    #expect(try error(text).reason == .xml("DOCTYPE and ENTITY declarations are not accepted"))
  }

  @Test func anUndeclaredEntityIsAnXMLError() throws {
    let failure = try error("<xml>\n  <block type=\"a\">&foo;</block>\n</xml>")
    #expect(failure.reason == .xml("an unknown entity (write '&amp;' for '&')"))
    #expect(failure.line == 2)
  }

  @Test func mismatchedTagsGiveTheLineOfTheMistake() throws {
    let failure = try error("<xml>\n<block type=\"a\">\n</xml>")
    #expect(failure.reason == .xml("a closing tag that does not match its opening tag"))
    #expect(failure.line == 3)
    #expect(failure.column > 1)
  }

  @Test func truncatedXMLIsAnXMLError() throws {
    let failure = try error("<xml><block type=\"a\">")
    guard case .xml = failure.reason else {
      Issue.record("expected an XML error, got \(failure.reason)")
      return
    }
    #expect(failure.line == 1)
  }

  @Test func theRootMustBeXML() throws {
    let failure = try error("<block type=\"a\"/>")
    #expect(
      failure.reason == .shape(what: "the root element <block>", expected: "an <xml> element"))
  }

  @Test func aBlockNeedsAType() throws {
    let failure = try error("<xml>\n  <block id=\"a\"></block>\n</xml>")
    #expect(failure.reason == .shape(what: "a <block>", expected: "a \"type\" attribute"))
    #expect(failure.line == 2)
  }

  @Test func aValueNeedsAName() throws {
    let failure = try error(
      "<xml><block type=\"a\"><value><block type=\"b\"/></value></block></xml>")
    #expect(failure.reason == .shape(what: "a <value>", expected: "a \"name\" attribute"))
  }

  @Test func twoBlocksInOneInputAreRefused() throws {
    let text = """
      <xml><block type="a"><value name="V">
        <block type="b"/><block type="c"/>
      </value></block></xml>
      """
    let failure = try error(text)
    #expect(
      failure.reason
        == .shape(
          what: "a <block> in the same input", expected: "at most one <block> and one <shadow>"))
    #expect(failure.line == 2)
  }

  @Test func twoNextsInOneBlockAreRefused() throws {
    let text = """
      <xml><block type="a">
        <next><block type="b"/></next><next><block type="c"/></next>
      </block></xml>
      """
    let failure = try error(text)
    #expect(
      failure.reason == .shape(what: "a second <next>", expected: "at most one <next> per block"))
  }

  @Test func aBadElseIfCountIsRefused() throws {
    let failure = try error(
      #"<xml><block type="controls_if"><mutation elseif="x"/></block></xml>"#)
    #expect(
      failure.reason == .shape(what: "<mutation elseif>", expected: "a whole number, 0 or more"))
  }

  @Test func invalidUTF8IsAnEncodingError() {
    let bytes = Array("<xml>\n<block type=\"caf".utf8) + [0xE9] + Array("\"/></xml>".utf8)
    #expect(malformed(bytes, as: .xml) == MalformedProgram(.encoding, line: 2, column: 17))
  }

  @Test func aDeclaredEncodingIsHonoured() throws {
    let bytes =
      Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xml><block type=\"t\">".utf8)
      + Array("<field name=\"T\">caf".utf8) + [0xE9] + Array("</field></block></xml>".utf8)
    let workspace = try WorkspaceReader.readXML(bytes)
    #expect(workspace.stacks.first?.first?.fields["T"] == .text("café"))
  }

  @Test func junkAfterTheRootIsAnXMLError() throws {
    let failure = try error("<xml></xml>\n<xml></xml>")
    guard case .xml = failure.reason else {
      Issue.record("expected an XML error, got \(failure.reason)")
      return
    }
  }

  @Test func textThatIsNotXMLAtAllIsAnXMLError() throws {
    let failure = try error("< this is not xml >")
    guard case .xml = failure.reason else {
      Issue.record("expected an XML error, got \(failure.reason)")
      return
    }
  }

  @Test func onlyWhiteSpaceIsEmpty() {
    #expect(malformed(Array(" \n ".utf8), as: .xml)?.reason == .empty)
  }

  @Test func everyPrefixOfAValidFileFailsCleanly() throws {
    let bytes = Array(Fixtures.procedures.xml.utf8)
    for length in 0..<bytes.count {
      let failure = try #require(malformed(Array(bytes[..<length]), as: .xml))
      #expect(failure.line >= 1 && failure.column >= 0)
    }
  }
}
