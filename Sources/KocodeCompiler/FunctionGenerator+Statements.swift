import KocodeBlocks
import KocodeBytecode

extension FunctionGenerator {
  /// A script: its hat's loop around its body (`docs/bytecode.md` section 6).
  mutating func script(_ hat: Block) {
    switch hat.type {
    case "kocode_every":
      let top = code.makeLabel()
      code.bind(top)
      valueOrZero(hat.value("SECONDS"))
      emit(.everyBegin, block: hat)
      statements(hat.statements("DO"))
      jump(.everyNext, to: top, block: hat)
    case "kocode_when":
      let top = code.makeLabel()
      code.bind(top)
      emit(.whenWait, block: hat)
      valueOrZero(hat.value("CONDITION"))
      jump(.whenFire, to: top, block: hat)
      statements(hat.statements("DO"))
      jump(.loop, to: top, block: hat)
    default:
      statements(hat.statements("DO"))
      // A body that ends in `forever` never reaches its end: no END to store.
      if code.height != nil { emit(.end, block: hat) }
    }
  }

  /// A stack of statements; disabled blocks are skipped with their inputs.
  mutating func statements(_ blocks: [Block]) {
    for block in blocks where block.isEnabled {
      statement(block)
    }
  }

  mutating func statement(_ block: Block) {
    switch block.type {
    case "controls_if", "controls_ifelse": ifStatement(block)
    case "controls_repeat_ext", "controls_repeat": repeatLoop(block)
    case "controls_whileUntil": whileLoop(block)
    case "controls_for": forLoop(block)
    case "kocode_forever": foreverLoop(block)
    case "controls_flow_statements":
      guard let loop = loops.last else { return }
      let target = block.fields["FLOW"]?.text == "CONTINUE" ? loop.next : loop.exit
      jump(.jump, to: target, block: block)
    case "procedures_ifreturn": ifReturn(block)
    case "procedures_callnoreturn": call(block, asValue: false)
    default: action(block)
    }
  }

  /// Blocks that do one thing, with no control flow of their own.
  mutating func action(_ block: Block) {
    let field = { (name: String) in block.fields[name]?.text ?? "" }
    switch block.type {
    case "kocode_wait":
      valueOrZero(block.value("DURATION"))
      let unit: Opcode = ["MS": .waitMs, "MIN": .waitMin][field("UNIT")] ?? .waitS
      emit(unit, block: block)
    case "kocode_wait_until":
      let top = code.makeLabel()
      code.bind(top)
      valueOrZero(block.value("CONDITION"))
      jump(.waitUntil, to: top, block: block)
    case "kocode_stop":
      emit(field("WHAT") == "ALL" ? .stopAll : .stopScript, block: block)
    case "kocode_pump":
      setOutput(board.outputIndex(named: "pump"), on: field("STATE") == "ON", block: block)
    case "kocode_led":
      setOutput(board.ledIndex(field("LED")), on: field("STATE") == "ON", block: block)
    case "kocode_water": pulse(block, input: "SECONDS", output: "pump", opcode: .pulseS)
    case "kocode_beep": pulse(block, input: "MS", output: "buzzer", opcode: .pulseMs)
    case "kocode_digital_write":
      valueOrZero(block.value("STATE"))
      let index = board.freeOutputIndex(pin: field("PIN"), needsPWM: false) ?? 0
      emit(.outWrite, index, block: block)
    case "kocode_analog_write":
      valueOrZero(block.value("VALUE"))
      let index = board.freeOutputIndex(pin: field("PIN"), needsPWM: true) ?? 0
      emit(.pwmWrite, index, block: block)
    case "kocode_log":
      let value = block.value("VALUE")
      valueOrZero(value)
      let text = state.text(field("LABEL"))
      let isBoolean = value.flatMap { program.type(of: $0) } == .boolean
      emit(isBoolean ? .logBool : .logNum, text, block: block)
    case "text_print": print(block)
    case "variables_set", "math_change":
      valueOrZero(block.value(block.type == "math_change" ? "DELTA" : "VALUE"))
      let change = block.type == "math_change"
      switch program.variables[ObjectIdentifier(block)] {
      case .global(let index): emit(change ? .changeG : .storeG, index, block: block)
      case .parameter(let index): emit(change ? .changeL : .storeL, index, block: block)
      case nil: emit(.push0, block: block)  // unreachable once checked; keeps heights sound
      }
    default:
      break
    }
  }

  mutating func setOutput(_ index: Int?, on: Bool, block: Block) {
    guard let index else { return }
    emit(on ? .outOn : .outOff, index, block: block)
  }

  mutating func pulse(_ block: Block, input: String, output: String, opcode: Opcode) {
    guard let index = board.outputIndex(named: output) else { return }
    valueOrZero(block.value(input))
    emit(opcode, index, block: block)
    emit(.pulseEnd, index, block: block)
  }

  mutating func print(_ block: Block) {
    guard let value = block.value("TEXT"), value.isEnabled else { return }
    if value.type == "text" {
      emit(.printText, state.text(value.fields["TEXT"]?.text ?? ""), block: block)
      return
    }
    self.value(value)
    emit(program.type(of: value) == .boolean ? .printBool : .printNum, block: block)
  }

  mutating func ifStatement(_ block: Block) {
    let branches = block.type == "controls_ifelse" ? 0 : block.mutation.elseIfCount
    let hasElse = block.type == "controls_ifelse" || block.mutation.hasElse
    let end = code.makeLabel()
    for branch in 0...branches {
      let next = code.makeLabel()
      condition(block.value("IF\(branch)"), falseTo: next, block: block)
      statements(block.statements("DO\(branch)"))
      if branch < branches || hasElse { jump(.jump, to: end, block: block) }
      code.bind(next)
    }
    if hasElse { statements(block.statements("ELSE")) }
    code.bind(end)
  }

  /// Evaluates a condition and jumps to `label` when it is false; a `not`
  /// block costs nothing: its operand jumps when true.
  mutating func condition(_ value: Block?, falseTo label: Label, block: Block) {
    if let value, value.isEnabled, value.type == "logic_negate",
      let inner = value.value("BOOL"), inner.isEnabled
    {
      self.value(inner)
      jump(.jumpIfTrue, to: label, block: value)
      return
    }
    valueOrZero(value)
    jump(.jumpIfFalse, to: label, block: block)
  }

  /// Runs `body` as a loop body with `break` and `continue` targets.
  mutating func loopBody(_ blocks: [Block], exit: Label, next: Label) {
    loops.append(LoopLabels(exit: exit, next: next))
    statements(blocks)
    loops.removeLast()
  }

  mutating func repeatLoop(_ block: Block) {
    let counter = allocateLocals(1)
    if block.type == "controls_repeat" {
      pushConstant(Int(program.numbers[ObjectIdentifier(block)] ?? 0), block: block)
    } else {
      valueOrZero(block.value("TIMES"))
    }
    emit(.storeL, counter, block: block)
    let (top, next, exit) = (code.makeLabel(), code.makeLabel(), code.makeLabel())
    code.bind(top)
    code.emit(.repeatTest, [.value(counter), .label(exit)], block: block.id)
    loopBody(block.statements("DO"), exit: exit, next: next)
    code.bind(next)
    jump(.loop, to: top, block: block)
    code.bind(exit)
    releaseLocals(1)
  }

  mutating func whileLoop(_ block: Block) {
    let (top, next, exit) = (code.makeLabel(), code.makeLabel(), code.makeLabel())
    code.bind(top)
    valueOrZero(block.value("BOOL"))
    let until = block.fields["MODE"]?.text == "UNTIL"
    jump(until ? .jumpIfTrue : .jumpIfFalse, to: exit, block: block)
    loopBody(block.statements("DO"), exit: exit, next: next)
    code.bind(next)
    jump(.loop, to: top, block: block)
    code.bind(exit)
  }

  mutating func forLoop(_ block: Block) {
    let slots = allocateLocals(2)
    valueOrZero(block.value("FROM"))
    valueOrZero(block.value("TO"))
    valueOrZero(block.value("BY"))
    emit(.forPrep, slots, block: block)
    let variable = program.variables[ObjectIdentifier(block)] ?? .global(0)
    storeVariable(variable, block: block)
    let (top, next, exit) = (code.makeLabel(), code.makeLabel(), code.makeLabel())
    code.bind(top)
    loadVariable(variable, block: block)
    code.emit(.forTest, [.value(slots), .label(exit)], block: block.id)
    loopBody(block.statements("DO"), exit: exit, next: next)
    code.bind(next)
    loadVariable(variable, block: block)
    code.emit(.forNext, [.value(slots), .label(exit)], block: block.id)
    storeVariable(variable, block: block)
    jump(.loop, to: top, block: block)
    code.bind(exit)
    releaseLocals(2)
  }

  mutating func foreverLoop(_ block: Block) {
    let (top, next, exit) = (code.makeLabel(), code.makeLabel(), code.makeLabel())
    code.bind(top)
    loopBody(block.statements("DO"), exit: exit, next: next)
    code.bind(next)
    jump(.loop, to: top, block: block)
    code.bind(exit)
  }

  mutating func ifReturn(_ block: Block) {
    let skip = code.makeLabel()
    condition(block.value("CONDITION"), falseTo: skip, block: block)
    if kind == 1 {
      valueOrZero(block.value("VALUE"))
      emit(.retV, block: block)
    } else {
      emit(.ret, block: block)
    }
    code.bind(skip)
  }

  mutating func loadVariable(_ variable: VariableReference, block: Block) {
    switch variable {
    case .global(let index): emit(.loadG, index, block: block)
    case .parameter(let index): emit(.loadL, index, block: block)
    }
  }

  mutating func storeVariable(_ variable: VariableReference, block: Block) {
    switch variable {
    case .global(let index): emit(.storeG, index, block: block)
    case .parameter(let index): emit(.storeL, index, block: block)
    }
  }
}
