// MARK: - Branches, loops and waits

extension ProgramBuilder {
  /// `controls_if` with 0–2 else-if branches and maybe an else.
  func ifThen(_ scope: Scope) -> GeneratedBlock {
    let block = make("controls_if")
    let elseIfs = random.weighted([(0, 6), (1, 3), (2, 1)])
    let hasElse = random.percent(35)
    if elseIfs > 0 || hasElse {
      block.mutation = .branches(elseIfs: elseIfs, hasElse: hasElse)
      block.mutationAsText = random.percent(5)
    }
    for branch in 0...elseIfs {
      attach(block, "IF\(branch)", boolean(scope, depth: 0))
      block.statements("DO\(branch)", stack(scope.nested(), most: 3))
    }
    if hasElse { block.statements("ELSE", stack(scope.nested(), most: 3)) }
    return block
  }

  func ifElse(_ scope: Scope) -> GeneratedBlock {
    let block = make("controls_ifelse")
    attach(block, "IF0", boolean(scope, depth: 0))
    block.statements("DO0", stack(scope.nested(), most: 3))
    block.statements("ELSE", stack(scope.nested(), most: 3))
    return block
  }

  /// The scope of a loop body that runs at most `bound` times.
  func loopScope(_ scope: Scope, bound: Int, allowsContinue: Bool = true) -> Scope {
    var inner = scope.nested()
    inner.inLoop = true
    inner.allowsContinue = allowsContinue
    inner.loopProduct *= bound
    heaviest = max(heaviest, inner.loopProduct)
    return inner
  }

  func repeatTimes(_ scope: Scope) -> GeneratedBlock {
    let block = make("controls_repeat_ext")
    attach(block, "TIMES", smallCount(scope))
    block.statements("DO", stack(loopScope(scope, bound: Self.loopBound), most: 3))
    return block
  }

  func repeatField(_ scope: Scope) -> GeneratedBlock {
    let block = make("controls_repeat")
    let times = random.int(in: -1...Self.loopBound)
    let spelling = random.percent(5) ? "\(times).0" : String(times)
    numberField(block, "TIMES", spelling)
    block.statements("DO", stack(loopScope(scope, bound: Self.loopBound), most: 3))
    return block
  }

  /// A count of at most `loopBound`, whatever the program's state.
  private func smallCount(_ scope: Scope) -> GeneratedBlock {
    let bound = Self.loopBound
    switch random.below(10) {
    case 0..<5: return literal(random.int(in: -1...bound))
    case 5..<7 where options.includesRandomNumbers:
      let block = make("math_random_int")
      attach(block, "FROM", literal(random.int(in: -1...1)))
      attach(block, "TO", literal(random.int(in: 1...bound)))
      return block
    case 7..<9:
      return constrain(number(scope, depth: 1), random.int(in: -2...0), random.int(in: 1...bound))
    default:
      let block = make("math_modulo")
      attach(block, "DIVIDEND", number(scope, depth: 1))
      attach(block, "DIVISOR", literal(random.pick([2, 3, bound + 1, -(bound + 1)])))
      return block
    }
  }

  /// A `while`/`until` loop bounded by a counter of its own: reset just
  /// before the loop, counted up first thing in the body (so `continue`
  /// counts too), and written by nothing else.
  func whileUntil(_ scope: Scope) -> [GeneratedBlock] {
    guard let counter = newCounter() else { return [action(scope)] }
    let limit = random.int(in: 0...Self.loopBound)
    let reset = set(counter, to: literal(0))
    let block = make("controls_whileUntil")
    let until = random.percent(40)
    block.field("MODE", until ? "UNTIL" : "WHILE")
    attach(block, "BOOL", counterTest(counter, limit: limit, until: until, scope))
    var inner = loopScope(scope, bound: Self.loopBound)
    inner.protected.insert(counter.name.id)
    let step: GeneratedBlock
    if random.percent(80) {
      step = change(counter, by: literal(1))
    } else {
      let sum = make("math_arithmetic")
      sum.field("OP", "ADD")
      attach(sum, "A", variableGet(counter))
      attach(sum, "B", literal(1))
      step = set(counter, to: sum)
    }
    block.statements("DO", [step] + stack(inner, most: 3))
    return [reset, block]
  }

  /// A condition that holds (`while`) or fails (`until`) exactly while
  /// the counter is below `limit`, or a stronger one.
  private func counterTest(
    _ counter: TypedVariable, limit: Int, until: Bool, _ scope: Scope
  ) -> GeneratedBlock {
    let below = { self.compare("LT", self.variableGet(counter), self.literal(limit)) }
    let reached = { self.compare("GTE", self.variableGet(counter), self.literal(limit)) }
    switch (until, random.below(5)) {
    case (false, 0): return compare("LTE", variableGet(counter), literal(limit - 1))
    case (false, 1): return compare("GT", literal(limit), variableGet(counter))
    case (false, 2): return logic("AND", below(), boolean(scope, depth: 1))
    case (false, 3): return negate(reached())
    case (false, _): return below()
    case (true, 0): return compare("EQ", variableGet(counter), literal(limit))
    case (true, 1): return compare("GT", variableGet(counter), literal(limit - 1))
    case (true, 2): return logic("OR", reached(), boolean(scope, depth: 1))
    case (true, 3): return negate(below())
    case (true, _): return reached()
    }
  }

  /// `controls_for` over a few values, counting with a counter of its own
  /// or, in a procedure, sometimes with a Number parameter.
  func countFor(_ scope: Scope) -> [GeneratedBlock] {
    let parameters = writable(.number, scope).filter { variable in
      self.parameters.contains { $0.name == variable.name }
    }
    let variable: TypedVariable
    if !parameters.isEmpty, scope.procedure != nil, random.percent(50) {
      variable = random.pick(parameters)
    } else if let counter = newCounter() {
      variable = counter
    } else {
      return [action(scope)]
    }
    let block = make("controls_for")
    variableField(block, variable.name)
    let (from, to, by) = forRange(scope)
    attach(block, "FROM", from)
    attach(block, "TO", to)
    attach(block, "BY", by)
    var inner = loopScope(scope, bound: Self.forBound)
    inner.protected.insert(variable.name.id)
    block.statements("DO", stack(inner, most: 3))
    return [block]
  }

  /// FROM, TO and BY for at most `forBound` turns, edges of 32 bits
  /// included (the loop stops where the next value would overflow).
  private func forRange(_ scope: Scope) -> (GeneratedBlock, GeneratedBlock, GeneratedBlock) {
    let (low, high) = (Int(Int32.min), Int(Int32.max))
    switch random.below(10) {
    case 0..<6:
      let from = random.int(in: -3...3)
      let to = from + random.int(in: -4...4)
      return (literal(from), literal(to), literal(random.pick([1, 1, 2, -1, -2, 0, 3])))
    case 6..<8:
      let (from, to, by) = random.pick([
        (high - 2, high, 1), (low + 2, low, -1), (low, low + 3, 2), (0, 5, low),
        (5, 0, low), (high - 1, high, high), (high, high, 1), (low, low, -1), (2, 0, high),
      ])
      return (literal(from), literal(to), literal(by))
    case 8 where options.includesRandomNumbers:
      let to = make("math_random_int")
      attach(to, "FROM", literal(0))
      attach(to, "TO", literal(Self.forBound - 1))
      return (literal(random.int(in: 0...1)), to, literal(1))
    default:
      let from = constrain(number(scope, depth: 1), 0, 3)
      return (from, literal(random.int(in: 0...4)), literal(random.pick([1, -1])))
    }
  }

  /// `kocode_forever`, last in its stack. Its body starts with a wait, so
  /// that it never spins, or (without waits) ends with a `break`.
  func forever(_ scope: Scope) -> GeneratedBlock {
    let block = make("kocode_forever")
    let waits = options.includesWaits
    let inner = loopScope(scope, bound: Self.loopBound, allowsContinue: waits)
    if waits {
      block.statements("DO", [pause()] + stack(inner, most: 3))
    } else {
      // A forever at the end would keep the break from running.
      let body = stack(inner, most: 3).filter { $0.type != "kocode_forever" }
      let flow = make("controls_flow_statements")
      flow.field("FLOW", "BREAK")
      block.statements("DO", body + [flow])
    }
    return block
  }

  /// A constant wait of a tenth of a second or more.
  func pause() -> GeneratedBlock {
    let block = make("kocode_wait")
    if random.percent(70) {
      block.field("UNIT", "MS")
      attach(block, "DURATION", literal(random.pick([100, 150, 200, 250, 500])))
    } else {
      block.field("UNIT", "S")
      attach(block, "DURATION", literal(1))
    }
    return block
  }

  /// `break` or `continue`, usually under an `if`.
  func flow(_ scope: Scope, isLast: Bool) -> GeneratedBlock {
    let block = make("controls_flow_statements")
    let canContinue = scope.allowsContinue
    block.field("FLOW", canContinue && random.percent(50) ? "CONTINUE" : "BREAK")
    guard !isLast || random.percent(70) else { return block }
    let guardBlock = make("controls_if")
    attach(guardBlock, "IF0", boolean(scope, depth: 0))
    guardBlock.statements("DO0", [block])
    return guardBlock
  }

  /// `kocode_wait`: milliseconds mostly, seconds often, minutes rarely.
  func wait(_ scope: Scope) -> GeneratedBlock {
    let block = make("kocode_wait")
    let unit = random.weighted([("MS", 60), ("S", 35), ("MIN", 5)])
    block.field("UNIT", unit)
    let duration: GeneratedBlock
    if random.percent(25) {
      duration = number(scope, depth: 0)
    } else {
      switch unit {
      case "MS": duration = literal(random.int(in: -5...300))
      case "S": duration = literal(random.weighted([(0, 2), (1, 5), (-1, 1)]))
      default: duration = literal(random.weighted([(0, 3), (1, 1)]))
      }
    }
    attach(block, "DURATION", duration)
    return block
  }

  func waitUntil(_ scope: Scope) -> GeneratedBlock {
    let block = make("kocode_wait_until")
    var sampled = scope
    sampled.isSampled = true
    let condition: GeneratedBlock
    switch random.below(10) {
    case 0..<6: condition = compare("GT", time("MS"), literal(random.int(in: 0...1500)))
    case 6: condition = compare("GTE", time("S"), literal(1))
    default: condition = boolean(sampled, depth: 0)
    }
    attach(block, "CONDITION", condition)
    return block
  }
}
