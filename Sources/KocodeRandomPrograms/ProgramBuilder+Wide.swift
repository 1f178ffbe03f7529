// MARK: - Programs with long jumps

extension ProgramBuilder {
  /// The instructions whose 16-bit form a wide program makes necessary.
  enum WideJump: CaseIterable {
    case jump, jumpIfFalse, jumpIfTrue, and, or, loop, countFor, waitUntil, whenFire, everyNext
  }

  /// Leaves of the big expression: 45 constants of 5 bytes and 44
  /// operators of 1 byte make 269 bytes, past the 255 an 8-bit jump
  /// reaches, and well within the Uno's 480.
  static let wideLeaves = 45

  /// One script with a few ordinary statements, then one statement that
  /// jumps over (or back across) a big expression.
  func buildWide() -> GeneratedWorkspace {
    makeVariablePool()
    let total = TypedVariable(name: declare(Vocabulary.variableNames), kind: .number)
    globals.append(total)
    budget = 8
    let scope = Scope()
    let prelude = stack(scope, most: 2).filter { $0.type != "kocode_forever" }
    let kinds = WideJump.allCases.filter { $0 != .waitUntil || options.includesWaits }
    let kind = random.pick(kinds)
    let big = { self.set(total, to: self.bigSum(leaves: Self.wideLeaves)) }
    let hat: GeneratedBlock
    switch kind {
    case .whenFire:
      hat = make("kocode_when")
      attach(hat, "CONDITION", compare("GT", bigSum(leaves: Self.wideLeaves), literal(0)))
      hat.statements("DO", prelude)
    case .everyNext:
      hat = make("kocode_every")
      attach(hat, "SECONDS", literal(1))
      hat.statements("DO", prelude + [big()])
    default:
      hat = make("kocode_on_start")
      hat.statements("DO", prelude + [wideStatement(kind, big, scope)])
    }
    return workspace(hats: [hat], definitions: [])
  }

  private func wideStatement(
    _ kind: WideJump, _ big: () -> GeneratedBlock, _ scope: Scope
  ) -> GeneratedBlock {
    switch kind {
    case .jump:
      let block = make("controls_ifelse")
      attach(block, "IF0", booleanLeaf(scope))
      block.statements("DO0", [action(scope)])
      block.statements("ELSE", [big()])
      return block
    case .jumpIfFalse, .jumpIfTrue:
      let block = make("controls_if")
      let condition = booleanLeaf(scope)
      attach(block, "IF0", kind == .jumpIfTrue ? negate(condition) : condition)
      block.statements("DO0", [big()])
      return block
    case .and, .or:
      let block = make("kocode_log")
      block.field("LABEL", random.pick(Vocabulary.labels))
      let right = compare("NEQ", bigSum(leaves: Self.wideLeaves), literal(0))
      attach(block, "VALUE", logic(kind == .and ? "AND" : "OR", booleanLeaf(scope), right))
      return block
    case .loop:
      let block = make("controls_repeat")
      numberField(block, "TIMES", "2")
      block.statements("DO", wideLoopBody(big(), scope))
      return block
    case .countFor:
      let counter = TypedVariable(
        name: declare(Vocabulary.counterNames), kind: .number, isCounter: true)
      let block = make("controls_for")
      variableField(block, counter.name)
      attach(block, "FROM", literal(1))
      attach(block, "TO", literal(2))
      attach(block, "BY", literal(1))
      block.statements("DO", wideLoopBody(big(), scope))
      return block
    case .waitUntil, .whenFire, .everyNext:
      let block = make("kocode_wait_until")
      attach(block, "CONDITION", compare("LT", bigSum(leaves: Self.wideLeaves), literal(0)))
      return block
    }
  }

  /// The big statement, sometimes after a `break` or `continue` whose
  /// jump crosses it.
  private func wideLoopBody(_ big: GeneratedBlock, _ scope: Scope) -> [GeneratedBlock] {
    guard random.percent(50) else { return [big] }
    return [flow(loopScope(scope, bound: 2), isLast: false), big]
  }

  /// A balanced tree of `+`, `−` and `×` over constants that need 32 bits.
  func bigSum(leaves: Int) -> GeneratedBlock {
    guard leaves > 1 else {
      let magnitude = random.int(in: 40_000...2_000_000_000)
      return literal(random.percent(50) ? magnitude : -magnitude)
    }
    let block = make("math_arithmetic")
    block.field("OP", random.pick(["ADD", "MINUS", "MULTIPLY"]))
    attach(block, "A", bigSum(leaves: leaves / 2))
    attach(block, "B", bigSum(leaves: leaves - leaves / 2))
    return block
  }
}
