import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads Blockly's legacy `<mutation>` element into a `Mutation`: from the
/// XML reader's events, or from an `extraState` string in JSON.
enum MutationReader {
  /// Why a mutation could not be read.
  struct Invalid: Error {
    /// The offending attribute, or nil when the text is not a mutation.
    var attribute: String?
  }

  /// Applies the attributes of a `<mutation>` element.
  static func apply(_ attributes: [String: String], to mutation: inout Mutation)
    throws(Invalid)
  {
    if let count = attributes["elseif"] {
      guard let value = Int(count.trimmingCharacters(in: .whitespaces)), value >= 0 else {
        throw Invalid(attribute: "elseif")
      }
      mutation.elseIfCount = value
    }
    // Blockly writes `else="1"`; `true` is accepted as meaning the same.
    if let hasElse = attributes["else"] {
      mutation.hasElse = hasElse == "1" || hasElse == "true"
    }
    if let name = attributes["name"] {
      mutation.name = name
    }
    if let statements = attributes["statements"] {
      mutation.hasStatements = statements != "false"
    }
  }

  /// The parameter of an `<arg name="x" varid="…">` element.
  static func parameter(_ attributes: [String: String]) -> Parameter {
    Parameter(name: attributes["name"] ?? "", id: attributes["varid"])
  }

  /// Reads a mutation written as XML text, as some JSON exports store it in
  /// `extraState` (`"<mutation elseif=\"1\"></mutation>"`).
  static func read(text: String) throws(Invalid) -> Mutation {
    let bytes = Array(text.utf8)
    guard XMLWorkspaceBuilder.doctypeOffset(in: bytes) == nil else { throw Invalid() }
    let parser = XMLParser(data: Data(bytes))
    parser.shouldResolveExternalEntities = false
    let builder = MutationTextBuilder()
    parser.delegate = builder
    _ = parser.parse()
    guard builder.isComplete, builder.failure == nil, let mutation = builder.mutation else {
      throw builder.failure ?? Invalid()
    }
    return mutation
  }
}

/// Collects one `<mutation>` element and its `<arg>` children from the
/// parser's events.
private final class MutationTextBuilder: NSObject, XMLParserDelegate {
  var mutation: Mutation?
  var failure: MutationReader.Invalid?
  var isComplete = false
  private var depth = 0

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    depth += 1
    let name = XMLWorkspaceBuilder.localName(elementName)
    if depth == 1 {
      guard name == "mutation" else { return stop(parser) }
      var mutation = Mutation()
      do {
        try MutationReader.apply(attributes, to: &mutation)
      } catch {
        failure = error
        return stop(parser)
      }
      self.mutation = mutation
    } else if depth == 2, name == "arg" {
      mutation?.parameters.append(MutationReader.parameter(attributes))
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    depth -= 1
    if depth == 0 { isComplete = true }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    stop(parser)
  }

  private func stop(_ parser: XMLParser) {
    if failure == nil { failure = MutationReader.Invalid() }
    parser.abortParsing()
  }
}
