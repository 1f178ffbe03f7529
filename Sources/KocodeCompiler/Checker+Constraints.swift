import KocodeBlocks
import KocodeSupport

extension Checker.Session {
  /// A block's typing facts, once every block inside it has its term:
  /// what each socket accepts, what the block's rules tie together, what
  /// it stores in variables and returns, and the term of its own value.
  func exit(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context) {
    for socket in sockets(of: block, spec, context) where socket.input.kind != .statement {
      let name = socket.input.name
      guard let child = enabledValue(block, name), let term = terms[ObjectIdentifier(child)]
      else { continue }
      let accepted = acceptedTypes(socket.input, of: block, spec)
      require(.accepts(term: term, types: accepted, child: child), on: block)
    }
    for case .sameType(let names) in spec.typeRules {
      requireSameType(names.compactMap { childTerm(block, $0) }, on: block)
    }
    storeVariable(block, spec, context)
    returnValue(block, spec, context)
    if case .target(let callee, argumentsMatch: true)? = callResolutions[ObjectIdentifier(block)] {
      passArguments(block, to: callee)
    }
    if let output = spec.output {
      terms[ObjectIdentifier(block)] = outputTerm(block, output, context)
      valueBlocks.append(block)
    }
  }

  /// The term of a socket's block, if it has one (unknown and misplaced
  /// blocks have none: they are already reported).
  func childTerm(_ block: Block, _ name: String) -> Int? {
    enabledValue(block, name).flatMap { terms[ObjectIdentifier($0)] }
  }

  /// A socket's accepted types, narrowed by the block's rules.
  private func acceptedTypes(_ input: InputSpec, of block: Block, _ spec: BlockSpec)
    -> [ValueType]
  {
    for case .numbersOnly(let inputs, let field, let values) in spec.typeRules
    where inputs.contains(input.name) {
      if let value = block.fields[field]?.text, values.contains(value) { return [.number] }
    }
    return input.accepts
  }

  private func requireSameType(_ found: [Int], on block: Block) {
    for term in found.dropFirst() {
      require(.same(found[0], term, reason: .sides), on: block)
    }
  }

  /// `variables_set` stores its value; `math_change` and `controls_for`
  /// store numbers.
  private func storeVariable(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context) {
    guard let binding = references[ObjectIdentifier(block)] else { return }
    let variable = term(of: binding, definition: context.definition)
    let reason = Checker.Constraint.Reason.variableWrite(variableName(block) ?? "")
    for case .variable(let use) in spec.fields.map(\.kind) {
      switch use {
      case .read:
        break
      case .store(let input):
        guard let value = childTerm(block, input) else { continue }
        require(.same(variable, value, reason: reason), on: block)
      case .storeNumber:
        require(.same(variable, Checker.TypeTable.numberTerm, reason: reason), on: block)
      }
    }
  }

  /// `procedures_defreturn`'s `RETURN` and `procedures_ifreturn`'s `VALUE`
  /// give the procedure's value.
  private func returnValue(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context) {
    let input: String
    switch spec.mutator {
    case .procedureDefinition: input = "RETURN"
    case .ifReturn: input = "VALUE"
    default: return
    }
    guard let definition = context.definition, let result = definitions[definition].returnTerm,
      let value = childTerm(block, input)
    else { return }
    let reason = Checker.Constraint.Reason.returnValue(procedure: definitions[definition].name)
    require(.same(result, value, reason: reason), on: block)
  }

  /// Each argument must have its parameter's type.
  private func passArguments(_ block: Block, to callee: Int) {
    let definition = definitions[callee]
    for (index, parameter) in definition.parameters.enumerated() {
      guard let argument = childTerm(block, "ARG\(index)") else { continue }
      let reason = Checker.Constraint.Reason.argument(
        procedure: definition.name, parameter: parameter)
      require(
        .same(definition.parameterTerms[index], argument, reason: reason), on: block, isCall: true)
    }
  }

  /// The term of a value block's own value.
  private func outputTerm(_ block: Block, _ output: OutputType, _ context: Checker.Context)
    -> Int
  {
    switch output {
    case .fixed(let type):
      return Checker.TypeTable.term(for: type)
    case .variable:
      guard let binding = references[ObjectIdentifier(block)] else { return types.fresh() }
      return term(of: binding, definition: context.definition)
    case .sameAsInputs(let names):
      // A text branch is already reported by its socket; do not pass it on.
      let found = names.compactMap { childTerm(block, $0) }
        .filter { $0 != Checker.TypeTable.textTerm }
      requireSameType(found, on: block)
      return found.first ?? types.fresh()
    case .procedureResult:
      return callResult(block)
    }
  }

  /// A fresh term for a call's value, tied to the procedure's return type
  /// after the procedure's own body has set it.
  private func callResult(_ block: Block) -> Int {
    let value = types.fresh()
    guard case .target(let callee, _)? = callResolutions[ObjectIdentifier(block)] else {
      return value
    }
    let definition = definitions[callee]
    guard let result = definition.returnTerm else {
      let message = Messages.typeMismatch(
        block: displayName(block), .noResult(procedure: definition.name))
      report(.typeMismatch, block, message)
      return value
    }
    let reason = Checker.Constraint.Reason.result(procedure: definition.name)
    require(.same(result, value, reason: reason), on: block, isCall: true)
    return value
  }
}
