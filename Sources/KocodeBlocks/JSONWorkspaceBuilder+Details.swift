// MARK: - Fields, extra state and enabled flags

extension JSONWorkspaceBuilder {
  /// Reads a block's fields, `extraState` and enabled flags.
  func readDetails(of block: Block, from node: Int, at position: BlockPosition)
    throws(MalformedProgram)
  {
    if let fields = document.member("fields", of: node) {
      block.fields = try readFields(fields, at: position)
    }
    if let state = document.member("extraState", of: node) {
      block.mutation = try readExtraState(state, what: position.path + ".extraState")
    }
    block.isEnabled = try readEnabled(node, at: position)
  }

  private func readFields(_ fields: Int, at position: BlockPosition)
    throws(MalformedProgram) -> [String: FieldValue]
  {
    try expect(fields, is: .object, what: position.path + ".fields", expected: "an object")
    var values: [String: FieldValue] = [:]
    for (name, value) in document.members(of: fields) {
      values[name] = try fieldValue(value, named: name, at: position)
    }
    return values
  }

  /// A field's value. A string in `VAR` names a variable, as the XML
  /// `<field name="VAR">` without an id does, so both formats agree.
  private func fieldValue(_ node: Int, named name: String, at position: BlockPosition)
    throws(MalformedProgram) -> FieldValue
  {
    let value = document[node]
    switch value.kind {
    case .string where name == "VAR":
      return .variable(id: nil, name: value.text)
    case .string, .number, .bool:
      return .text(value.text)
    case .object:
      return try variableReference(node, what: position.path + ".fields." + name)
    case .null, .array:
      throw shapeError(
        position.path + ".fields." + name,
        expected: "a text, a number, true, false or a variable object", at: node)
    }
  }

  /// A variable field: `{"id"}`, `{"id", "name", "type"}` or `{"name"}`.
  private func variableReference(_ node: Int, what: String)
    throws(MalformedProgram) -> FieldValue
  {
    let id = try optionalString("id", of: node, what: what)
    let name = try optionalString("name", of: node, what: what)
    guard id != nil || name != nil else {
      throw shapeError(what, expected: "a variable with an \"id\" or a \"name\"", at: node)
    }
    return .variable(id: id, name: name)
  }

  /// False for `"enabled": false` or a non-empty `disabledReasons`.
  private func readEnabled(_ node: Int, at position: BlockPosition)
    throws(MalformedProgram) -> Bool
  {
    var isEnabled = true
    if let enabled = document.member("enabled", of: node) {
      try expect(enabled, is: .bool, what: position.path + ".enabled", expected: "true or false")
      isEnabled = document[enabled].text == "true"
    }
    if let reasons = document.member("disabledReasons", of: node) {
      let what = position.path + ".disabledReasons"
      try expect(reasons, is: .array, what: what, expected: "an array")
      if !document[reasons].children.isEmpty { isEnabled = false }
    }
    return isEnabled
  }

  // MARK: - Extra state

  /// Reads `extraState`: an object, or a legacy `<mutation>` as XML text.
  private func readExtraState(_ node: Int, what: String) throws(MalformedProgram) -> Mutation {
    switch document[node].kind {
    case .object:
      return try readStateObject(node, what: what)
    case .string:
      do {
        return try MutationReader.read(text: document[node].text)
      } catch {
        let detail = error.attribute.map { " with a whole number in \"\($0)\"" } ?? ""
        throw shapeError(what, expected: "a <mutation> element" + detail, at: node)
      }
    default:
      throw shapeError(what, expected: "an object or a <mutation> text", at: node)
    }
  }

  /// The keys of `controls_if` (`elseIfCount`, `hasElse`), procedure
  /// definitions (`params`, `hasStatements`) and calls (`name`, `params`).
  private func readStateObject(_ node: Int, what: String) throws(MalformedProgram) -> Mutation {
    var mutation = Mutation()
    if let count = document.member("elseIfCount", of: node) {
      mutation.elseIfCount = try wholeNumber(count, what: what + ".elseIfCount")
    }
    if let hasElse = document.member("hasElse", of: node) {
      mutation.hasElse = try boolean(hasElse, what: what + ".hasElse")
    }
    mutation.name = try optionalString("name", of: node, what: what)
    if let hasStatements = document.member("hasStatements", of: node) {
      mutation.hasStatements = try boolean(hasStatements, what: what + ".hasStatements")
    }
    if let params = document.member("params", of: node) {
      mutation.parameters = try readParameters(params, what: what + ".params")
    }
    return mutation
  }

  /// Parameters as plain names (`["x"]`) or objects (`[{"name", "id"}]`).
  private func readParameters(_ list: Int, what: String) throws(MalformedProgram) -> [Parameter] {
    try expect(list, is: .array, what: what, expected: "an array")
    var parameters: [Parameter] = []
    for (index, node) in document[list].children.enumerated() {
      let item = "\(what)[\(index)]"
      switch document[node].kind {
      case .string:
        parameters.append(Parameter(name: document[node].text))
      case .object:
        let name = try requiredString("name", of: node, what: item)
        let id = try optionalString("id", of: node, what: item)
        parameters.append(Parameter(name: name, id: id))
      default:
        throw shapeError(item, expected: "a name or an object with a \"name\"", at: node)
      }
    }
    return parameters
  }

  private func boolean(_ node: Int, what: String) throws(MalformedProgram) -> Bool {
    try expect(node, is: .bool, what: what, expected: "true or false")
    return document[node].text == "true"
  }

  /// A count such as `elseIfCount`: any spelling of a non-negative integer
  /// (`2`, `2.0`, `2e0`).
  private func wholeNumber(_ node: Int, what: String) throws(MalformedProgram) -> Int {
    let expected = "a whole number, 0 or more"
    try expect(node, is: .number, what: what, expected: expected)
    let text = document[node].text
    if let value = Int(text), value >= 0 { return value }
    guard let value = Double(text), value >= 0, value == value.rounded(), value < 1e15 else {
      throw shapeError(what, expected: expected, at: node)
    }
    return Int(value)
  }
}
