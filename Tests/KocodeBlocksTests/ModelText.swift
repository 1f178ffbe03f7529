import KocodeBlocks

/// Reads JSON text with the public reader.
func readJSON(_ text: String) throws(MalformedProgram) -> Workspace {
  try WorkspaceReader.readJSON(Array(text.utf8))
}

/// Reads XML text with the public reader.
func readXML(_ text: String) throws(MalformedProgram) -> Workspace {
  try WorkspaceReader.readXML(Array(text.utf8))
}

/// Which reader a test calls.
enum Format {
  case detected, json, xml
}

/// The error reading `bytes` gives, or nil when reading succeeds.
func malformed(_ bytes: [UInt8], as format: Format = .detected) -> MalformedProgram? {
  do {
    switch format {
    case .detected: _ = try WorkspaceReader.read(bytes)
    case .json: _ = try WorkspaceReader.readJSON(bytes)
    case .xml: _ = try WorkspaceReader.readXML(bytes)
    }
    return nil
  } catch {
    return error
  }
}

/// Everything a reader puts in a workspace except positions, as text with
/// a fixed order: two workspaces are the same model when their texts are
/// equal, and a failed comparison shows where they differ.
func modelText(_ workspace: Workspace) -> String {
  var lines = workspace.variables.map { "variable \($0.id) \($0.name) type=\($0.type)" }
  for (index, stack) in workspace.stacks.enumerated() {
    lines.append("stack \(index)")
    appendStack(stack, indent: "  ", to: &lines)
  }
  return lines.joined(separator: "\n")
}

private func appendStack(_ stack: [Block], indent: String, to lines: inout [String]) {
  for block in stack {
    var flags = block.isEnabled ? "" : " disabled"
    if block.isShadow { flags += " shadow" }
    lines.append("\(indent)\(block.type) #\(block.id)\(flags)")
    for name in block.fields.keys.sorted() {
      lines.append("\(indent)  field \(name) = \(fieldText(block.fields[name]))")
    }
    let mutation = block.mutation
    if mutation != Mutation() {
      let parameters = mutation.parameters.map { "\($0.name):\($0.id ?? "-")" }
      lines.append(
        "\(indent)  mutation elseif=\(mutation.elseIfCount) else=\(mutation.hasElse)"
          + " name=\(mutation.name ?? "-") statements=\(mutation.hasStatements)"
          + " params=\(parameters)")
    }
    for name in block.inputs.keys.sorted() {
      lines.append("\(indent)  input \(name)")
      appendStack(block.statements(name), indent: indent + "    ", to: &lines)
    }
  }
}

private func fieldText(_ value: FieldValue?) -> String {
  switch value {
  case .text(let text)?: "text \"\(text)\""
  case .variable(let id, let name)?: "variable id=\(id ?? "-") name=\(name ?? "-")"
  case nil: "none"
  }
}

/// The block at a path of input names below the first block of stack 0,
/// taking the first block of each input.
func block(_ workspace: Workspace, _ path: String...) -> Block? {
  var current = workspace.stacks.first?.first
  for name in path {
    current = current?.value(name)
  }
  return current
}
