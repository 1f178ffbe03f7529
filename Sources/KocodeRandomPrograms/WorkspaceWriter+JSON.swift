import KocodeSupport

/// Writes generated workspaces in the two formats the compiler reads.
enum WorkspaceWriter {}

// MARK: - Blockly JSON

extension WorkspaceWriter {
  /// The workspace as `Blockly.serialization.workspaces.save` writes it.
  static func json(_ workspace: GeneratedWorkspace) -> String {
    var out = "{\"blocks\":{\"languageVersion\":0,\"blocks\":["
    for (index, block) in workspace.topBlocks.enumerated() {
      if index > 0 { out += "," }
      writeJSON(block, rest: [], into: &out)
    }
    out += "]},\"variables\":["
    for (index, variable) in workspace.variables.enumerated() {
      if index > 0 { out += "," }
      out += "{\"name\":\(JSONText.string(variable.name)),\"id\":\(JSONText.string(variable.id))}"
    }
    out += "]}"
    return workspace.isIndented ? indented(json: out) : out
  }

  /// One block; `rest` is the part of its stack that follows it.
  private static func writeJSON(
    _ block: GeneratedBlock, rest: ArraySlice<GeneratedBlock>, into out: inout String
  ) {
    out += "{\"type\":\(JSONText.string(block.type)),\"id\":\(JSONText.string(block.id))"
    if let position = block.position {
      out += ",\"x\":\(position.x),\"y\":\(position.y)"
    }
    if let mutation = block.mutation {
      out += ",\"extraState\":"
      if let state = extraState(mutation), !block.mutationAsText {
        out += state
      } else {
        out += JSONText.string(mutationXML(mutation))
      }
    }
    writeJSONFields(block, into: &out)
    writeJSONInputs(block, into: &out)
    if let next = rest.first {
      out += ",\"next\":{\"block\":"
      writeJSON(next, rest: rest.dropFirst(), into: &out)
      out += "}"
    }
    out += "}"
  }

  private static func writeJSONFields(_ block: GeneratedBlock, into out: inout String) {
    guard !block.fields.isEmpty else { return }
    let fields = block.fields.map { "\(JSONText.string($0.name)):\(fieldJSON($0.value))" }
    out += ",\"fields\":{" + fields.joined(separator: ",") + "}"
  }

  private static func fieldJSON(_ value: FieldText) -> String {
    switch value {
    case .text(let words): return JSONText.string(words)
    case .number(let spelling, let quoted): return quoted ? JSONText.string(spelling) : spelling
    case .variable(let variable, .id): return "{\"id\":\(JSONText.string(variable.id))}"
    case .variable(let variable, .full):
      let id = JSONText.string(variable.id)
      return "{\"id\":\(id),\"name\":\(JSONText.string(variable.name)),\"type\":\"\"}"
    case .variable(_, .name(let spelling)): return "{\"name\":\(JSONText.string(spelling))}"
    }
  }

  private static func writeJSONInputs(_ block: GeneratedBlock, into out: inout String) {
    // Blockly leaves out inputs with nothing in them.
    let filled = block.inputs.filter { !$0.content.isEmpty }
    guard !filled.isEmpty else { return }
    out += ",\"inputs\":{"
    for (index, (name, content)) in filled.enumerated() {
      if index > 0 { out += "," }
      out += JSONText.string(name) + ":{"
      switch content {
      case .value(let real, let shadow):
        if let shadow {
          out += "\"shadow\":"
          writeJSON(shadow, rest: [], into: &out)
        }
        if let real {
          out += shadow == nil ? "\"block\":" : ",\"block\":"
          writeJSON(real, rest: [], into: &out)
        }
      case .statement(let stack):
        out += "\"block\":"
        writeJSON(stack[0], rest: stack.dropFirst(), into: &out)
      }
      out += "}"
    }
    out += "}"
  }

  /// The `extraState` object Blockly saves for a mutation; nil for the
  /// legacy ones it saves as XML text.
  private static func extraState(_ mutation: BlockMutation) -> String? {
    var members: [String] = []
    switch mutation {
    case .branches(let elseIfs, let hasElse):
      if elseIfs > 0 { members.append("\"elseIfCount\":\(elseIfs)") }
      if hasElse { members.append("\"hasElse\":true") }
    case .definition(let parameters, let hasStatements):
      if !hasStatements { members.append("\"hasStatements\":false") }
      if !parameters.isEmpty {
        let list = parameters.map {
          "{\"name\":\(JSONText.string($0.name)),\"id\":\(JSONText.string($0.id))}"
        }
        members.append("\"params\":[" + list.joined(separator: ",") + "]")
      }
    case .call(let name, let parameters):
      members.append("\"name\":\(JSONText.string(name))")
      if !parameters.isEmpty {
        let names = parameters.map(JSONText.string).joined(separator: ",")
        members.append("\"params\":[" + names + "]")
      }
    case .ifReturn:
      return nil
    }
    return "{" + members.joined(separator: ",") + "}"
  }
}
