// MARK: - Legacy Blockly XML

extension WorkspaceWriter {
  /// The workspace as Blockly's legacy XML export writes it.
  static func xml(_ workspace: GeneratedWorkspace) -> String {
    var out = workspace.hasDeclaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" : ""
    let namespace = " xmlns=\"https://developers.google.com/blockly/xml\""
    out += "<xml\(workspace.hasNamespace ? namespace : "")>"
    if !workspace.variables.isEmpty {
      out += "<variables>"
      for variable in workspace.variables {
        out += "<variable id=\"\(xmlEscaped(variable.id))\">\(xmlEscaped(variable.name))"
        out += "</variable>"
      }
      out += "</variables>"
    }
    for block in workspace.topBlocks {
      writeXML(block, rest: [], element: "block", into: &out)
    }
    out += "</xml>"
    return workspace.isIndented ? indented(xml: out) : out
  }

  private static func writeXML(
    _ block: GeneratedBlock, rest: ArraySlice<GeneratedBlock>, element: String,
    into out: inout String
  ) {
    out += "<\(element) type=\"\(xmlEscaped(block.type))\" id=\"\(xmlEscaped(block.id))\""
    if let position = block.position {
      out += " x=\"\(position.x)\" y=\"\(position.y)\""
    }
    out += ">"
    if let mutation = block.mutation { out += mutationXML(mutation) }
    for (name, value) in block.fields {
      switch value {
      case .text(let text), .number(let text, _), .variable(_, .name(let text)):
        out += "<field name=\"\(xmlEscaped(name))\">\(xmlEscaped(text))</field>"
      case .variable(let variable, _):
        out += "<field name=\"\(xmlEscaped(name))\" id=\"\(xmlEscaped(variable.id))\">"
        out += "\(xmlEscaped(variable.name))</field>"
      }
    }
    for (name, content) in block.inputs {
      writeXMLInput(name, content, into: &out)
    }
    if let next = rest.first {
      out += "<next>"
      writeXML(next, rest: rest.dropFirst(), element: "block", into: &out)
      out += "</next>"
    }
    out += "</\(element)>"
  }

  private static func writeXMLInput(
    _ name: String, _ content: InputContent, into out: inout String
  ) {
    guard !content.isEmpty else { return }
    switch content {
    case .value(let real, let shadow):
      out += "<value name=\"\(xmlEscaped(name))\">"
      if let shadow { writeXML(shadow, rest: [], element: "shadow", into: &out) }
      if let real { writeXML(real, rest: [], element: "block", into: &out) }
      out += "</value>"
    case .statement(let stack):
      out += "<statement name=\"\(xmlEscaped(name))\">"
      writeXML(stack[0], rest: stack.dropFirst(), element: "block", into: &out)
      out += "</statement>"
    }
  }

  /// The `<mutation>` element Blockly writes for each mutation.
  static func mutationXML(_ mutation: BlockMutation) -> String {
    switch mutation {
    case .branches(let elseIfs, let hasElse):
      var attributes = ""
      if elseIfs > 0 { attributes += " elseif=\"\(elseIfs)\"" }
      if hasElse { attributes += " else=\"1\"" }
      return "<mutation\(attributes)></mutation>"
    case .definition(let parameters, let hasStatements):
      let attributes = hasStatements ? "" : " statements=\"false\""
      let arguments = parameters.map {
        "<arg name=\"\(xmlEscaped($0.name))\" varid=\"\(xmlEscaped($0.id))\"></arg>"
      }
      return "<mutation\(attributes)>" + arguments.joined() + "</mutation>"
    case .call(let name, let parameters):
      let arguments = parameters.map { "<arg name=\"\(xmlEscaped($0))\"></arg>" }
      return "<mutation name=\"\(xmlEscaped(name))\">" + arguments.joined() + "</mutation>"
    case .ifReturn(let hasValue):
      return "<mutation value=\"\(hasValue ? 1 : 0)\"></mutation>"
    }
  }

  /// Text safe in XML content and in double-quoted attributes.
  static func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(character)
      }
    }
    return out
  }
}
