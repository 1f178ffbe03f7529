// MARK: - Expressions

extension ProgramBuilder {
  func value(_ kind: ValueKind, _ scope: Scope, depth: Int) -> GeneratedBlock {
    kind == .number ? number(scope, depth: depth) : boolean(scope, depth: depth)
  }

  /// True when an expression stops here: more often the deeper it is, so
  /// that most expressions stay small.
  private func isLeaf(_ depth: Int) -> Bool {
    depth >= options.maxExpressionDepth || budget <= 0 || random.percent(30 + 15 * depth)
  }

  /// A Number expression; `depth` value blocks already enclose it.
  func number(_ scope: Scope, depth: Int) -> GeneratedBlock {
    if isLeaf(depth) { return numberLeaf(scope) }
    enum Operator { case arithmetic, modulo, single, round, random, constrain, map, either, call }
    let calls = callable(scope) { $0.result == .number }
    let choice = random.weighted([
      (Operator.arithmetic, 10), (.modulo, 3), (.single, 4), (.round, 2),
      (.random, options.includesRandomNumbers ? 2 : 0), (.constrain, 2), (.map, 2),
      (.either, 2), (.call, calls.isEmpty ? 0 : 3),
    ])
    let inner = depth + 1
    switch choice {
    case .arithmetic: return arithmetic(scope, depth: inner)
    case .modulo:
      return operation(
        "math_modulo", ["DIVIDEND": number(scope, depth: inner)],
        then: ["DIVISOR": divisor(scope, depth: inner)])
    case .single: return single(scope, depth: inner)
    case .round:
      let block = make("math_round")
      block.field("OP", random.pick(["ROUND", "ROUNDUP", "ROUNDDOWN"]))
      attach(block, "NUM", number(scope, depth: inner))
      return block
    case .random: return numbers("math_random_int", ["FROM", "TO"], scope, depth: inner)
    case .constrain:
      return numbers("math_constrain", ["VALUE", "LOW", "HIGH"], scope, depth: inner)
    case .map: return map(scope, depth: inner)
    case .either: return ternary(.number, scope, depth: inner)
    case .call: return call(random.pick(calls), asValue: true, scope, depth: inner)
    }
  }

  func numberLeaf(_ scope: Scope) -> GeneratedBlock {
    let variables = readable(.number, scope)
    switch random.below(100) {
    case 0..<45: return literal(randomNumber())
    case 45..<75 where !variables.isEmpty: return variableGet(random.pick(variables))
    default: return numberSensor()
    }
  }

  /// A block whose inputs are all Numbers.
  private func numbers(
    _ type: String, _ inputs: [String], _ scope: Scope, depth: Int
  ) -> GeneratedBlock {
    let block = make(type)
    for input in inputs { attach(block, input, number(scope, depth: depth)) }
    return block
  }

  /// A block with `first` inputs, then `then` inputs, in that order.
  private func operation(
    _ type: String, _ first: KeyValuePairs<String, GeneratedBlock>,
    then: KeyValuePairs<String, GeneratedBlock> = [:]
  ) -> GeneratedBlock {
    let block = make(type)
    for (name, child) in first { attach(block, name, child) }
    for (name, child) in then { attach(block, name, child) }
    return block
  }

  private func arithmetic(_ scope: Scope, depth: Int) -> GeneratedBlock {
    let op = random.pick(["ADD", "MINUS", "MULTIPLY", "DIVIDE", "POWER"])
    let left = number(scope, depth: depth)
    let right: GeneratedBlock
    switch op {
    case "DIVIDE": right = divisor(scope, depth: depth)
    case "POWER": right = exponent(scope, depth: depth)
    default: right = number(scope, depth: depth)
    }
    let block = operation("math_arithmetic", ["A": left], then: ["B": right])
    block.fields.insert(("OP", .text(op)), at: 0)
    return block
  }

  private func single(_ scope: Scope, depth: Int) -> GeneratedBlock {
    let op = random.pick(["ABS", "NEG", "ROOT"])
    let block = make("math_single")
    block.field("OP", op)
    let operand = op == "ROOT" ? nonNegative(scope, depth: depth) : number(scope, depth: depth)
    attach(block, "NUM", operand)
    return block
  }

  /// `kocode_map`; its two "from" bounds differ unless `risky`.
  private func map(_ scope: Scope, depth: Int) -> GeneratedBlock {
    let block = make("kocode_map")
    attach(block, "VALUE", number(scope, depth: depth))
    if risky() {
      attach(block, "FROM_LOW", number(scope, depth: depth))
      attach(block, "FROM_HIGH", number(scope, depth: depth))
    } else {
      let low = random.pick([0, 0, 1, -100, 290, Int(Int32.min)])
      let high = random.pick([1023, 100, 620, 10, Int(Int32.max)])
      attach(block, "FROM_LOW", literal(low))
      attach(block, "FROM_HIGH", literal(high))
    }
    attach(block, "TO_LOW", number(scope, depth: depth))
    attach(block, "TO_HIGH", number(scope, depth: depth))
    return block
  }

  private func ternary(_ kind: ValueKind, _ scope: Scope, depth: Int) -> GeneratedBlock {
    let block = make("logic_ternary")
    attach(block, "IF", boolean(scope, depth: depth))
    attach(block, "THEN", value(kind, scope, depth: depth))
    attach(block, "ELSE", value(kind, scope, depth: depth))
    return block
  }

  /// A Boolean expression; `depth` value blocks already enclose it.
  func boolean(_ scope: Scope, depth: Int) -> GeneratedBlock {
    if isLeaf(depth) { return booleanLeaf(scope) }
    enum Operator { case compare, logic, not, either, call }
    let calls = callable(scope) { $0.result == .boolean }
    let choice = random.weighted([
      (Operator.compare, 10), (.logic, 5), (.not, 3), (.either, 1),
      (.call, calls.isEmpty ? 0 : 2),
    ])
    let inner = depth + 1
    switch choice {
    case .compare:
      let op = random.pick(["EQ", "NEQ", "LT", "LTE", "GT", "GTE"])
      let kind: ValueKind = op.hasSuffix("EQ") && random.percent(30) ? .boolean : .number
      return compare(op, value(kind, scope, depth: inner), value(kind, scope, depth: inner))
    case .logic:
      return logic(
        random.pick(["AND", "OR"]), boolean(scope, depth: inner), boolean(scope, depth: inner))
    case .not: return negate(boolean(scope, depth: inner))
    case .either: return ternary(.boolean, scope, depth: inner)
    case .call: return call(random.pick(calls), asValue: true, scope, depth: inner)
    }
  }

  func booleanLeaf(_ scope: Scope) -> GeneratedBlock {
    let variables = readable(.boolean, scope)
    switch random.below(100) {
    case 0..<30: return logicBoolean(random.percent(50))
    case 30..<60 where !variables.isEmpty: return variableGet(random.pick(variables))
    default: return booleanSensor()
    }
  }

  func compare(_ op: String, _ left: GeneratedBlock, _ right: GeneratedBlock) -> GeneratedBlock {
    let block = make("logic_compare")
    block.field("OP", op)
    attach(block, "A", left)
    attach(block, "B", right)
    return block
  }

  func logic(_ op: String, _ left: GeneratedBlock, _ right: GeneratedBlock) -> GeneratedBlock {
    let block = make("logic_operation")
    block.field("OP", op)
    attach(block, "A", left)
    attach(block, "B", right)
    return block
  }

  func negate(_ operand: GeneratedBlock) -> GeneratedBlock {
    let block = make("logic_negate")
    attach(block, "BOOL", operand)
    return block
  }

  /// A call of procedure `index`, as a value or as a statement, with an
  /// argument of the right type for each parameter.
  func call(_ index: Int, asValue: Bool, _ scope: Scope, depth: Int) -> GeneratedBlock {
    let procedure = procedures[index]
    heaviest = max(heaviest, scope.loopProduct * procedure.weight)
    let block = make(asValue ? "procedures_callreturn" : "procedures_callnoreturn")
    // Procedure names compare without regard to case.
    let name = random.percent(5) ? procedure.name.uppercased() : procedure.name
    block.mutation = .call(name: name, parameters: procedure.parameters.map(\.name.name))
    block.mutationAsText = random.percent(5)
    for (position, parameter) in procedure.parameters.enumerated() {
      attach(block, "ARG\(position)", value(parameter.kind, scope, depth: depth))
    }
    return block
  }
}
