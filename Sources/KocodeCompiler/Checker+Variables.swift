import KocodeBlocks
import KocodeSupport

extension Checker.Session {
  /// Resolves the `VAR` field of `block`: by id, then by name, creating
  /// the variable when nothing declares it (as Blockly does). Inside a
  /// procedure, a parameter's name means the parameter. Nil when the field
  /// names no variable at all (`invalid_field`, reported by the caller).
  func bindVariable(_ block: Block, use: VariableUse, definition: Int?) -> Checker.Binding? {
    guard let (name, id) = variableIdentity(block.fields["VAR"]) else { return nil }
    let key = name.lowercased()
    let order = fileOrder[ObjectIdentifier(block)] ?? Int.max
    let binding: Checker.Binding
    if let definition,
      let index = definitions[definition].parameters.firstIndex(where: { $0.lowercased() == key })
    {
      binding = .parameter(index)
    } else {
      let slot = globalSlot(key: key, name: name, id: id, block: block)
      noteUse(slot: slot, use: use, block: block, order: order)
      binding = .global(slot)
    }
    references[ObjectIdentifier(block)] = binding
    return binding
  }

  /// The name and id of the variable a field refers to.
  private func variableIdentity(_ field: FieldValue?) -> (name: String, id: String)? {
    switch field {
    case .variable(let id, let name):
      if let id, let declared = declaredByID[id] { return (declared.name, declared.id) }
      guard let name, !name.isEmpty else { return nil }
      if let declared = declaredByName[name.lowercased()] { return (declared.name, declared.id) }
      return (name, id ?? name)
    case .text(let name) where !name.isEmpty:
      if let declared = declaredByName[name.lowercased()] { return (declared.name, declared.id) }
      return (name, name)
    default:
      return nil
    }
  }

  private func globalSlot(key: String, name: String, id: String, block: Block) -> Int {
    let order = fileOrder[ObjectIdentifier(block)] ?? Int.max
    if let slot = globalByKey[key] {
      if order < globals[slot].firstReference {
        globals[slot].firstReference = order
        globals[slot].firstBlock = block
      }
      return slot
    }
    globals.append(
      Checker.GlobalSlot(
        name: name, id: id, term: types.fresh(), firstReference: order, firstBlock: block))
    globalByKey[key] = globals.count - 1
    return globals.count - 1
  }

  private func noteUse(slot: Int, use: VariableUse, block: Block, order: Int) {
    guard use == .read else {
      globals[slot].isSet = true
      return
    }
    if order < globals[slot].firstReadOrder {
      globals[slot].firstRead = block
      globals[slot].firstReadOrder = order
    }
  }

  /// The type term of a binding.
  func term(of binding: Checker.Binding, definition: Int?) -> Int {
    switch binding {
    case .global(let slot): globals[slot].term
    case .parameter(let index):
      definition.map { definitions[$0].parameterTerms[index] } ?? Checker.TypeTable.numberTerm
    }
  }

  /// The name of the variable or parameter a block's `VAR` field means.
  func variableName(_ block: Block) -> String? {
    switch references[ObjectIdentifier(block)] {
    case .global(let slot): return globals[slot].name
    case .parameter:
      if case .variable(_, let name?) = block.fields["VAR"] { return name }
      return variableIdentity(block.fields["VAR"])?.name
    case nil: return nil
    }
  }

  /// Numbers the globals in order of first appearance in the file, warns
  /// about variables never set and checks the board's limit. Returns each
  /// slot's global index.
  func finishVariables() -> [Int: Int] {
    let ordered = globals.indices.sorted {
      (globals[$0].firstReference, $0) < (globals[$1].firstReference, $1)
    }
    var index: [Int: Int] = [:]
    for (position, slot) in ordered.enumerated() {
      index[slot] = position
    }
    for global in globals where !global.isSet {
      if let reader = global.firstRead {
        report(.neverSet, reader, Messages.neverSet(variable: global.name))
      }
    }
    let limit = board.limits.globals
    if ordered.count > limit {
      report(
        .tooManyVariables, globals[ordered[limit]].firstBlock,
        Messages.tooManyVariables(count: ordered.count, limit: limit))
    }
    return index
  }
}
