// MARK: - Stacks and simple statements

extension ProgramBuilder {
  enum StatementKind {
    case ifThen, ifElse, repeatTimes, repeatField, whileUntil, countFor, forever, flow
    case wait, waitUntil, stop, pump, water, led, beep, digitalWrite, analogWrite
    case log, print, set, change, call, ifReturn
  }

  /// A stack of up to `most` statements, within the budget: at least one
  /// at the top of a script, elsewhere sometimes none.
  func stack(_ scope: Scope, most: Int) -> [GeneratedBlock] {
    let least = scope.depth == 0 && scope.procedure == nil ? 1 : 0
    guard least > 0 || (budget > 0 && !random.percent(8)) else { return [] }
    let count = random.int(in: 1...max(1, most))
    var blocks: [GeneratedBlock] = []
    for index in 0..<count {
      guard index < least || budget > 0 else { break }
      let made = statement(scope, isLast: index == count - 1)
      blocks += made
      if made.last?.type == "kocode_forever" { break }
    }
    return blocks
  }

  /// One statement, or two for a `while` loop and the counter it starts.
  func statement(_ scope: Scope, isLast: Bool) -> [GeneratedBlock] {
    let kind = random.weighted(statementWeights(scope, isLast: isLast))
    switch kind {
    case .ifThen: return [ifThen(scope)]
    case .ifElse: return [ifElse(scope)]
    case .repeatTimes: return [repeatTimes(scope)]
    case .repeatField: return [repeatField(scope)]
    case .whileUntil: return whileUntil(scope)
    case .countFor: return countFor(scope)
    case .forever: return [forever(scope)]
    case .flow: return [flow(scope, isLast: isLast)]
    case .wait: return [wait(scope)]
    case .waitUntil: return [waitUntil(scope)]
    case .stop: return [stop()]
    case .ifReturn: return [ifReturn(scope)]
    case .call: return [callStatement(scope)]
    default: return [action(scope, kind)]
    }
  }

  private func statementWeights(_ scope: Scope, isLast: Bool) -> [(StatementKind, Int)] {
    let nests = scope.depth < options.maxStatementDepth && budget >= 3
    let loops = nests && scope.loopProduct * Self.forBound <= Self.maxLoopProduct
    let counters = globals.count < Self.maxGlobals
    let waits = options.includesWaits
    let hasNumber = !writable(.number, scope).isEmpty
    let calls = !callable(scope) { $0.result == nil }.isEmpty
    let forever = isLast && nests && scope.loopProduct * Self.loopBound <= Self.maxLoopProduct
    // A stop before the end of a stack leaves dead code, which is legal.
    let stops = isLast ? 2 : (random.percent(5) ? 1 : 0)
    return [
      (.ifThen, nests ? 8 : 0), (.ifElse, nests ? 3 : 0),
      (.repeatTimes, loops ? 3 : 0), (.repeatField, loops ? 3 : 0),
      (.whileUntil, loops && counters ? 3 : 0),
      (.countFor, loops && (counters || hasNumber) ? 3 : 0),
      (.forever, forever ? (scope.depth == 0 && scope.procedure == nil ? 10 : 2) : 0),
      (.flow, scope.inLoop ? 4 : 0),
      (.wait, waits ? 6 : 0), (.waitUntil, waits ? 2 : 0), (.stop, stops),
      (.pump, 3), (.water, waits ? 2 : 0), (.led, 5), (.beep, waits ? 2 : 0),
      (.digitalWrite, 3), (.analogWrite, 3), (.log, 8), (.print, 5),
      (.set, 8), (.change, hasNumber ? 4 : 0), (.call, calls ? 6 : 0),
      (.ifReturn, scope.procedure != nil ? 3 : 0),
    ]
  }

  /// A statement with no stack of its own: outputs, messages, variables;
  /// of `kind`, or any.
  func action(_ scope: Scope, _ kind: StatementKind? = nil) -> GeneratedBlock {
    let kinds: [(StatementKind, Int)] = [
      (.pump, 3), (.water, options.includesWaits ? 2 : 0), (.led, 5),
      (.beep, options.includesWaits ? 2 : 0), (.digitalWrite, 3), (.analogWrite, 3),
      (.log, 8), (.print, 5), (.set, 8), (.change, 4),
    ]
    let chosen = kind ?? random.weighted(kinds)
    switch chosen {
    case .water: return pulse("kocode_water", "SECONDS", literal: -1...1, scope)
    case .beep: return pulse("kocode_beep", "MS", literal: -10...200, scope)
    case .log: return log(scope)
    case .print: return print(scope)
    case .change: return change(scope) ?? set(scope)
    case .pump, .led, .digitalWrite, .analogWrite: return output(chosen, scope)
    default: return set(scope)
    }
  }

  /// The pump, an LED or a free pin.
  private func output(_ kind: StatementKind, _ scope: Scope) -> GeneratedBlock {
    switch kind {
    case .pump:
      let block = make("kocode_pump")
      block.field("STATE", random.pick(["ON", "OFF"]))
      return block
    case .digitalWrite:
      let block = make("kocode_digital_write")
      block.field("PIN", random.pick(Vocabulary.freePins))
      attach(block, "STATE", boolean(scope, depth: 0))
      return block
    case .analogWrite:
      let block = make("kocode_analog_write")
      block.field("PIN", random.pick(Vocabulary.freePins))
      attach(block, "VALUE", number(scope, depth: 0))
      return block
    default:
      let block = make("kocode_led")
      block.field("LED", random.pick(Vocabulary.leds))
      block.field("STATE", random.pick(["ON", "OFF"]))
      return block
    }
  }

  /// `kocode_water` or `kocode_beep`: usually a short constant duration.
  private func pulse(
    _ type: String, _ input: String, literal range: ClosedRange<Int>, _ scope: Scope
  ) -> GeneratedBlock {
    let block = make(type)
    let duration = random.percent(80) ? literal(random.int(in: range)) : number(scope, depth: 0)
    attach(block, input, duration)
    return block
  }

  private func log(_ scope: Scope) -> GeneratedBlock {
    let block = make("kocode_log")
    block.field("LABEL", random.pick(Vocabulary.labels))
    attach(block, "VALUE", value(random.percent(60) ? .number : .boolean, scope, depth: 0))
    return block
  }

  private func print(_ scope: Scope) -> GeneratedBlock {
    let block = make("text_print")
    switch random.below(10) {
    case 0..<4:
      let text = make("text")
      text.field("TEXT", random.pick(Vocabulary.messages))
      block.value("TEXT", text)
    case 4..<7: attach(block, "TEXT", number(scope, depth: 0))
    default: attach(block, "TEXT", boolean(scope, depth: 0))
    }
    return block
  }

  /// `variables_set` of a variable the scope may write; an LED when none.
  func set(_ scope: Scope) -> GeneratedBlock {
    let targets = writable(nil, scope)
    guard !targets.isEmpty else {
      let block = make("kocode_led")
      block.field("LED", random.pick(Vocabulary.leds))
      block.field("STATE", "ON")
      return block
    }
    let target = random.pick(targets)
    return set(target, to: value(target.kind, scope, depth: 0))
  }

  func set(_ variable: TypedVariable, to value: GeneratedBlock) -> GeneratedBlock {
    let block = make("variables_set")
    variableField(block, variable.name)
    attach(block, "VALUE", value)
    return block
  }

  private func change(_ scope: Scope) -> GeneratedBlock? {
    let targets = writable(.number, scope)
    guard !targets.isEmpty else { return nil }
    return change(random.pick(targets), by: number(scope, depth: 0))
  }

  func change(_ variable: TypedVariable, by delta: GeneratedBlock) -> GeneratedBlock {
    let block = make("math_change")
    variableField(block, variable.name)
    attach(block, "DELTA", delta)
    return block
  }

  /// A call as a statement; now and then of a procedure with a result,
  /// whose value is dropped.
  private func callStatement(_ scope: Scope) -> GeneratedBlock {
    let plain = callable(scope) { $0.result == nil }
    let valued = callable(scope) { $0.result != nil }
    let pool = !valued.isEmpty && random.percent(15) ? valued : plain
    return call(random.pick(pool), asValue: false, scope, depth: 0)
  }

  /// `procedures_ifreturn`, with a value when its procedure has one.
  private func ifReturn(_ scope: Scope) -> GeneratedBlock {
    let block = make("procedures_ifreturn")
    let result = scope.procedure.flatMap { _ in currentResult }
    block.mutation = .ifReturn(hasValue: result != nil)
    attach(block, "CONDITION", boolean(scope, depth: 0))
    if let result { attach(block, "VALUE", value(result, scope, depth: 0)) }
    return block
  }

  /// `kocode_stop`: nearly always the script only.
  func stop() -> GeneratedBlock {
    let block = make("kocode_stop")
    block.field("WHAT", random.percent(6) ? "ALL" : "SCRIPT")
    return block
  }
}
