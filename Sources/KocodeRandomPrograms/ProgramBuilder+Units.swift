// MARK: - Scripts and procedure definitions

extension ProgramBuilder {
  /// A hat with its stack: at start, every few seconds, or when a
  /// condition becomes true.
  func script() -> GeneratedBlock {
    switch random.weighted([(0, 4), (1, 3), (2, 3)]) {
    case 0:
      let hat = make("kocode_on_start")
      hat.statements("DO", stack(Scope(), most: 6))
      return hat
    case 1: return every()
    default: return when()
    }
  }

  /// `kocode_every`: a period of a few seconds, or a period that may be 0
  /// or less, and then a body that starts with a wait.
  private func every() -> GeneratedBlock {
    let hat = make("kocode_every")
    let scope = Scope()
    let steady = !options.includesWaits || random.percent(70)
    let period: GeneratedBlock
    if steady {
      period = literal(random.weighted([(1, 6), (2, 3), (3, 1)]))
    } else {
      switch random.below(4) {
      case 0: period = literal(random.pick([0, -1, Int(Int32.min)]))
      case 1: period = make(random.pick(["kocode_light", "kocode_temperature"]))
      default: period = number(scope, depth: 0)
      }
    }
    attach(hat, "SECONDS", period)
    let body = stack(scope, most: 5)
    hat.statements("DO", steady ? body : [pause()] + body)
    return hat
  }

  /// `kocode_when`: a condition that turns true now and then, or any.
  private func when() -> GeneratedBlock {
    let hat = make("kocode_when")
    var sampled = Scope()
    sampled.isSampled = true
    let condition: GeneratedBlock
    switch random.below(20) {
    case 0..<11:
      let period = random.pick([100, 200, 250, 500, 1000])
      let phase = make("math_modulo")
      attach(phase, "DIVIDEND", time("MS"))
      attach(phase, "DIVISOR", literal(period))
      condition = compare(random.pick(["LT", "GTE"]), phase, literal(period / 2))
    case 11..<15:
      condition = compare("GT", time("MS"), literal(random.int(in: 0...1500)))
    default:
      condition = boolean(sampled, depth: 0)
    }
    attach(hat, "CONDITION", condition)
    hat.statements("DO", stack(Scope(), most: 5))
    return hat
  }

  /// A procedure definition with 0–3 parameters, maybe with a result.
  /// It may call only procedures made before it: no recursion.
  func procedure() -> GeneratedBlock {
    let result: ValueKind? =
      random.percent(50) ? nil : (random.percent(60) ? .number : .boolean)
    let count = random.weighted([(0, 3), (1, 3), (2, 2), (3, 1)])
    parameters = []
    for _ in 0..<count {
      let kind: ValueKind = random.percent(70) ? .number : .boolean
      parameters.append(TypedVariable(name: parameterName(), kind: kind))
    }
    currentResult = result
    heaviest = 1
    let name = newProcedureName()
    let block = make(result == nil ? "procedures_defnoreturn" : "procedures_defreturn")
    block.field("NAME", name)
    let hasStatements = result == nil || !random.percent(8)
    if !parameters.isEmpty || !hasStatements {
      block.mutation = .definition(
        parameters: parameters.map(\.name), hasStatements: hasStatements)
      block.mutationAsText = random.percent(5)
    }
    let scope = Scope(procedure: procedures.count)
    if hasStatements { block.statements("STACK", stack(scope, most: 4)) }
    if let result { attach(block, "RETURN", value(result, scope, depth: 0)) }
    procedures.append(
      ProcedureInfo(name: name, parameters: parameters, result: result, weight: heaviest))
    parameters = []
    currentResult = nil
    return block
  }

  /// A new name, or now and then the name of a global variable (which the
  /// parameter hides in the body) or of another procedure's parameter
  /// (Blockly shares those): each use keeps a type of its own.
  private func parameterName() -> VariableName {
    let taken = Set(parameters.map { $0.name.name.lowercased() })
    let reusable = (globals.filter { !$0.isCounter }.map(\.name) + parameterNames).filter {
      !taken.contains($0.name.lowercased())
    }
    if !reusable.isEmpty, random.percent(25) { return random.pick(reusable) }
    let name = declare(Vocabulary.parameterNames)
    parameterNames.append(name)
    return name
  }
}
