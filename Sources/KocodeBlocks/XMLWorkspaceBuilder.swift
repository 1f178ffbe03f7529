import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Builds a `Workspace` from the events of Foundation's `XMLParser`, which
/// reads the file without recursion; this builder keeps its own stack of
/// open elements, so depth costs heap, never call stack.
///
/// A `<block>` is added to its stack's `Chain` as soon as it opens; the
/// block inside a `<next>` joins the chain of the block around it, which is
/// how a `next` chain becomes an array.
final class XMLWorkspaceBuilder: NSObject, XMLParserDelegate {
  /// An open element, with what its children need to know.
  enum Frame {
    case root
    case variables
    case variable(id: String?, type: String)
    case block(Block, chain: Chain, index: Int)
    case connection(Connection)
    case field(Block, name: String, isVariable: Bool, id: String?)
    case mutation(Block)
    /// An element Kocode does not read, and everything inside it.
    case skipped
  }

  /// A `<value>`, `<statement>` or `<next>`, and which blocks it has held.
  final class Connection {
    let chain: Chain
    /// Where the connected blocks start in `chain`.
    let start: Int
    var hasBlock = false
    var hasShadow = false

    init(chain: Chain, start: Int) {
      self.chain = chain
      self.start = start
    }
  }

  private var frames: [Frame] = []
  /// The text of the open `<field>` or `<variable>`.
  var text = ""
  private var variables: [Variable] = []
  private var stacks: [Chain] = []
  var inputChains: [Chain] = []
  private var sawRoot = false
  /// The first problem met; once set, later events are ignored.
  private var failure: MalformedProgram?

  /// Reads a whole XML file.
  static func build(_ bytes: [UInt8]) throws(MalformedProgram) -> Workspace {
    try checkPrologue(bytes)
    let parser = XMLParser(data: Data(bytes))
    parser.shouldResolveExternalEntities = false
    let builder = XMLWorkspaceBuilder()
    parser.delegate = builder
    _ = parser.parse()

    if let failure = builder.failure { throw failure }
    // The parser may report an error through `parserError` alone.
    if let error = parser.parserError {
      throw xmlError(code: (error as NSError).code, parser: parser)
    }
    guard builder.sawRoot else {
      throw error(.shape(what: "the file", expected: "an <xml> element"), at: parser)
    }
    return builder.workspace()
  }

  private func workspace() -> Workspace {
    for chain in inputChains {
      chain.attachToOwner()
    }
    return Workspace(variables: variables, stacks: stacks.map(\.blocks))
  }

  /// The name of an element without its namespace prefix (`b:block`).
  static func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
  }

  // MARK: - Parser events

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    guard failure == nil else { return }
    do {
      let name = Self.localName(elementName)
      frames.append(try frame(for: name, attributes: attributes, parser: parser))
    } catch {
      fail(error, parser: parser)
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    guard failure == nil, let frame = frames.popLast() else { return }
    switch frame {
    case .variable(let id, let type):
      let someID = id ?? "auto:variable.\(variables.count)"
      variables.append(Variable(id: someID, name: text, type: type))
    case .field(let block, let name, let isVariable, let id):
      // An empty variable field names no variable, as `{"id"}` in JSON.
      let variable = FieldValue.variable(id: id, name: text.isEmpty ? nil : text)
      block.fields[name] = isVariable ? variable : .text(text)
    default:
      break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard failure == nil, collectsText else { return }
    text += string
  }

  func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
    guard failure == nil, collectsText else { return }
    text += String(decoding: CDATABlock, as: UTF8.self)
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    guard failure == nil else { return }
    fail(Self.xmlError(code: (parseError as NSError).code, parser: parser), parser: parser)
  }

  private var collectsText: Bool {
    switch frames.last {
    case .field?, .variable?: true
    default: false
    }
  }

  private func fail(_ error: MalformedProgram, parser: XMLParser) {
    failure = error
    parser.abortParsing()
  }

  // MARK: - Elements

  /// The frame for an element opening inside the current one.
  private func frame(for name: String, attributes: [String: String], parser: XMLParser)
    throws(MalformedProgram) -> Frame
  {
    switch frames.last {
    case nil:
      guard name == "xml" else {
        throw shapeError("the root element <\(name)>", expected: "an <xml> element", parser)
      }
      sawRoot = true
      return .root
    case .root?:
      return try frameInRoot(name, attributes: attributes, parser: parser)
    case .variables? where name == "variable":
      text = ""
      return .variable(id: nonEmpty(attributes["id"]), type: attributes["type"] ?? "")
    case .block(let block, let chain, let index)?:
      return try frameInBlock(
        name, attributes: attributes, block: block, chain: chain, index: index, parser: parser)
    case .connection(let connection)? where name == "block" || name == "shadow":
      return try startBlock(
        attributes, isShadow: name == "shadow", chain: connection.chain,
        connection: connection, parser: parser)
    case .mutation(let block)? where name == "arg":
      block.mutation.parameters.append(MutationReader.parameter(attributes))
      return .skipped
    default:
      return .skipped
    }
  }

  private func frameInRoot(_ name: String, attributes: [String: String], parser: XMLParser)
    throws(MalformedProgram) -> Frame
  {
    switch name {
    case "variables":
      return .variables
    case "block", "shadow":
      let chain = Chain(.top(index: stacks.count))
      stacks.append(chain)
      return try startBlock(
        attributes, isShadow: name == "shadow", chain: chain, connection: nil, parser: parser)
    default:
      return .skipped
    }
  }
}
