import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

// MARK: - Blocks and what they contain

extension XMLWorkspaceBuilder {
  /// Opens a `<block>` or `<shadow>` in `chain`. In a connection, a real
  /// block replaces a shadow met before it, and a shadow after a real
  /// block is skipped.
  func startBlock(
    _ attributes: [String: String], isShadow: Bool, chain: Chain, connection: Connection?,
    parser: XMLParser
  ) throws(MalformedProgram) -> Frame {
    if let connection {
      if isShadow && connection.hasBlock { return .skipped }
      guard !(isShadow ? connection.hasShadow : connection.hasBlock) else {
        throw shapeError(
          "a <\(isShadow ? "shadow" : "block")> in the same input",
          expected: "at most one <block> and one <shadow>", parser)
      }
      if connection.hasShadow { chain.truncate(to: connection.start) }
      if isShadow { connection.hasShadow = true } else { connection.hasBlock = true }
    }
    guard chain.depth <= WorkspaceReader.maxDepth else {
      throw Self.error(.tooDeep(limit: WorkspaceReader.maxDepth), at: parser)
    }
    guard let type = attributes["type"] else {
      throw shapeError("a <block>", expected: "a \"type\" attribute", parser)
    }

    let index = chain.blocks.count
    let reasons = attributes["disabled-reasons"] ?? ""
    let block = Block(
      id: nonEmpty(attributes["id"]) ?? chain.automaticID(forIndex: index), type: type,
      isEnabled: attributes["disabled"] != "true" && reasons.isEmpty, isShadow: isShadow,
      line: parser.lineNumber, column: parser.columnNumber)
    chain.append(block)
    return .block(block, chain: chain, index: index)
  }

  /// The frame for an element opening directly inside a block.
  func frameInBlock(
    _ name: String, attributes: [String: String], block: Block, chain: Chain, index: Int,
    parser: XMLParser
  ) throws(MalformedProgram) -> Frame {
    switch name {
    case "field":
      return try startField(attributes, block: block, parser: parser)
    case "value", "statement":
      guard let inputName = attributes["name"] else {
        throw shapeError("a <\(name)>", expected: "a \"name\" attribute", parser)
      }
      let place = Chain.Place.input(
        name: inputName, key: "block", owner: chain, ownerIndex: index, ownerBlock: block)
      let input = Chain(place)
      inputChains.append(input)
      return .connection(Connection(chain: input, start: 0))
    case "next":
      // The blocks of an earlier <next> would already follow this block.
      guard chain.blocks.count == index + 1 else {
        throw shapeError("a second <next>", expected: "at most one <next> per block", parser)
      }
      return .connection(Connection(chain: chain, start: index + 1))
    case "mutation":
      do {
        try MutationReader.apply(attributes, to: &block.mutation)
      } catch {
        let attribute = error.attribute ?? "elseif"
        throw shapeError("<mutation \(attribute)>", expected: "a whole number, 0 or more", parser)
      }
      return .mutation(block)
    default:
      return .skipped
    }
  }

  /// Opens a `<field>`. A variable field is the one named `VAR`, or any
  /// field with an `id` or a `variabletype` attribute.
  private func startField(_ attributes: [String: String], block: Block, parser: XMLParser)
    throws(MalformedProgram) -> Frame
  {
    guard let name = attributes["name"] else {
      throw shapeError("a <field>", expected: "a \"name\" attribute", parser)
    }
    text = ""
    let isVariable =
      name == "VAR" || attributes["id"] != nil || attributes["variabletype"] != nil
    return .field(block, name: name, isVariable: isVariable, id: attributes["id"])
  }

  /// An attribute's value, nil when absent or empty.
  func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }

  func shapeError(_ what: String, expected: String, _ parser: XMLParser) -> MalformedProgram {
    Self.error(.shape(what: what, expected: expected), at: parser)
  }

  /// An error where the parser stands; libxml2 may say column 0 at the
  /// start of a line, and positions here are 1-based.
  static func error(_ reason: MalformedProgram.Reason, at parser: XMLParser) -> MalformedProgram {
    MalformedProgram(reason, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
  }
}
