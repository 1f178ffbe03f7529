/// The verifier's one linear pass over the code: `docs/bytecode.md`
/// section 4, rules 2 to 6. Besides a few numbers about the current
/// function it keeps one expected stack height per code byte, which is all
/// the board's verifier has room for.
struct VerificationPass {
  typealias Function = VerifiedProgram.Function

  /// The height table's mark for an offset no edge has reached yet.
  private static let unknown: UInt8 = 0xFF

  private let image: Image
  private let limits: BoardLimits
  private let code: [UInt8]
  /// Expected operand stack height at each offset, or `unknown`.
  private var heights: [UInt8]
  /// The functions met so far; the last one is being checked.
  private(set) var functions: [Function] = []
  private var indexByHeader: [Int: Int] = [:]
  /// The previous instruction: the current function's header at its start.
  private var previous: Instruction?
  /// Height after the previous instruction; nil when it never falls through.
  private var fallThroughHeight: Int?
  /// The furthest forward jump target in the current function, -1 for none.
  private var furthestTarget = -1

  init(image: Image, limits: BoardLimits) {
    self.image = image
    self.limits = limits
    code = image.code
    heights = [UInt8](repeating: Self.unknown, count: image.code.count)
  }

  /// Checks the whole code; `functions` then holds the function table.
  mutating func run() throws(ImageError) {
    // An empty program (no hat at all) is valid: no code, no function.
    if code.isEmpty, image.functionCount == 0, image.scriptCount == 0 { return }
    guard code.first == Opcode.function.rawValue else {
      throw .rejected(offset: 0, reason: "the code must start with FUNCTION")
    }
    var offset = 0
    while offset < code.count {
      let instruction = try decode(at: offset)
      if instruction.opcode == .function {
        try beginFunction(instruction)
      } else {
        try check(instruction)
      }
      offset = instruction.end
    }
    try endFunction(at: code.count)
    try checkFunctionCounts()
  }

  private func decode(at offset: Int) throws(ImageError) -> Instruction {
    if let instruction = Instruction.decode(code, at: offset) { return instruction }
    guard let info = Opcode.info(forByte: code[offset]) else {
      let reason = "unknown opcode \(hex(Int(code[offset]), digits: 2)) at \(hex(offset))"
      throw .rejected(offset: offset, reason: reason)
    }
    let reason = "\(info.name) at \(hex(offset)): its operands run past the end of the code"
    throw .rejected(offset: offset, reason: reason)
  }

  // MARK: - Functions

  /// Section 4 rule 2: a header closes the previous function and opens the next.
  private mutating func beginFunction(_ header: Instruction) throws(ImageError) {
    if !functions.isEmpty { try endFunction(at: header.offset) }
    let fields = header.operands
    guard let kind = FunctionKind(rawValue: UInt8(fields[3])) else {
      throw reject(header, "unknown function kind \(fields[3])")
    }
    // A task starts with no arguments: parameter slots would hold garbage.
    if kind == .script, fields[0] != 0 {
      throw reject(header, "a script takes no parameters, this one declares \(fields[0])")
    }
    if kind != .script, functions.last?.kind == .script {
      throw reject(header, "a \(kind.name) after the scripts")
    }
    functions.append(
      Function(
        index: functions.count, headerOffset: header.offset, bodyOffset: header.end,
        endOffset: header.end, params: fields[0], locals: fields[1], need: fields[2],
        measuredNeed: 0, kind: kind))
    indexByHeader[header.offset] = functions.count - 1
    previous = header
    fallThroughHeight = nil
    furthestTarget = -1
  }

  /// Closes the current function at `end`: the next header or the code's end.
  private mutating func endFunction(at end: Int) throws(ImageError) {
    guard let last = previous else { return }
    if last.opcode == .function {
      throw reject(last, "the function has no instructions")
    }
    if fallThroughHeight != nil {
      throw reject(last, "the last instruction of a function must not fall through")
    }
    if furthestTarget >= end {
      throw jumpError(landingAt: furthestTarget, "is outside its function")
    }
    functions[functions.count - 1].endOffset = end
  }

  private func checkFunctionCounts() throws(ImageError) {
    let scripts = functions.count { $0.kind == .script }
    guard functions.count == Int(image.functionCount) else {
      let reason = "header: \(image.functionCount) functions, the code has \(functions.count)"
      throw .rejected(offset: 0, reason: reason)
    }
    guard scripts == Int(image.scriptCount) else {
      let reason = "header: \(image.scriptCount) scripts, the code has \(scripts)"
      throw .rejected(offset: 0, reason: reason)
    }
  }

  // MARK: - Instructions

  /// Section 4 rules 3 to 6 for one instruction of a function's body.
  private mutating func check(_ instruction: Instruction) throws(ImageError) {
    try checkLandings(in: instruction)
    let height = try entryHeight(of: instruction)
    heights[instruction.offset] = UInt8(height)
    try checkOperands(of: instruction)
    try checkPlace(of: instruction)
    let callee = instruction.opcode == .call ? try callee(of: instruction) : nil
    let after = try checkStack(of: instruction, height: height, callee: callee)
    if let target = instruction.jumpTarget {
      let carried = height - (instruction.info.taken ?? 0)
      try checkJump(instruction, to: target, carrying: carried)
    }
    previous = instruction
    fallThroughHeight = instruction.info.ends ? nil : after
  }

  /// A forward jump seen earlier may not land inside this instruction's operands.
  private func checkLandings(in instruction: Instruction) throws(ImageError) {
    for offset in instruction.offset + 1..<instruction.end
    where heights[offset] != Self.unknown {
      throw jumpError(landingAt: offset, "is inside an instruction")
    }
  }

  /// The one height this offset gets, from the fall-through edge, a forward
  /// jump, or 0 for code that nothing reached yet.
  private func entryHeight(of instruction: Instruction) throws(ImageError) -> Int {
    let mark = heights[instruction.offset]
    let expected = mark == Self.unknown ? nil : Int(mark)
    guard let fallThrough = fallThroughHeight else { return expected ?? 0 }
    if let expected, expected != fallThrough {
      throw reject(
        instruction,
        "reached with stack height \(fallThrough) by falling through"
          + " and \(expected) by a forward jump")
    }
    // The need check keeps every height at most 254, below the table's mark.
    guard fallThrough < Int(Self.unknown) else {
      throw reject(instruction, "stack height \(fallThrough) does not fit a byte")
    }
    return fallThrough
  }

  // MARK: - Operands

  /// Section 4 rule 3: every index names something that exists.
  private func checkOperands(of instruction: Instruction) throws(ImageError) {
    let slots = functions[functions.count - 1].slots
    for (kind, value) in zip(instruction.info.operands, instruction.operands) {
      switch kind {
      case .glob:
        guard value < Int(image.globalCount) else {
          throw reject(instruction, "global \(value) is out of range (\(image.globalCount))")
        }
      case .loc:
        // FOR_* keep the end in slot `loc` and the step in `loc + 1`.
        let last = Self.usesTwoSlots(instruction.opcode) ? value + 1 : value
        guard last < slots else {
          throw reject(instruction, "local slot \(last) is out of range (\(slots) slots)")
        }
      case .out, .chan, .pin:
        try checkBoardOperand(kind, value, of: instruction)
      case .text:
        guard value < image.host.texts.count else {
          throw reject(instruction, "text \(value) is out of range (\(image.host.texts.count))")
        }
      default:
        break
      }
    }
  }

  /// Outputs, analog channels and digital pins the board declares.
  private func checkBoardOperand(
    _ kind: OperandKind, _ value: Int, of instruction: Instruction
  ) throws(ImageError) {
    switch kind {
    case .out where value >= limits.outputCount:
      throw reject(instruction, "output \(value) is out of range (\(limits.outputCount))")
    case .out where instruction.opcode == .pwmWrite && !limits.pwmOutputs.contains(value):
      throw reject(instruction, "output \(value) cannot do PWM")
    case .chan where !limits.analogChannels.contains(value):
      throw reject(instruction, "analog channel A\(value) is not on the board")
    case .pin where !limits.digitalPins.contains(value):
      throw reject(instruction, "digital pin D\(value) is not on the board")
    default:
      break
    }
  }

  private static func usesTwoSlots(_ opcode: Opcode) -> Bool {
    switch opcode {
    case .forPrep, .forTest, .forTestW, .forNext, .forNextW: true
    default: false
    }
  }

  /// Section 4 rule 3: returns only where a return means something, and the
  /// hat and end instructions only in scripts.
  private func checkPlace(of instruction: Instruction) throws(ImageError) {
    let kind = functions[functions.count - 1].kind
    let allowed: Bool
    switch instruction.opcode {
    // A caller of a kind-1 procedure counts on the pushed value: RET is not enough.
    case .ret: allowed = kind == .procedure
    case .retV: allowed = kind == .procedureWithValue
    // STOP_* may sit in procedures: they act on the calling script (section 6).
    case .end, .everyBegin, .everyNext, .everyNextW, .whenWait, .whenFire, .whenFireW:
      allowed = kind == .script
    default: allowed = true
    }
    guard allowed else { throw reject(instruction, "not allowed in a \(kind.name)") }
  }

  /// Section 4 rule 3: `CALL` names the header of an earlier procedure.
  private func callee(of instruction: Instruction) throws(ImageError) -> Function {
    let target = instruction.operands[0]
    // The current function is in the table too: calling it would recurse.
    guard let index = indexByHeader[target], index < functions.count - 1 else {
      throw reject(instruction, "\(hex(target)) is not the header of an earlier function")
    }
    guard functions[index].kind != .script else {
      throw reject(instruction, "\(hex(target)) is a script, not a procedure")
    }
    return functions[index]
  }

  // MARK: - Stack

  /// Section 4 rules 5 and 6: pops available, need within the declared need.
  /// Returns the height after the instruction.
  private mutating func checkStack(
    of instruction: Instruction, height: Int, callee: Function?
  ) throws(ImageError) -> Int {
    let pops = instruction.info.pops ?? callee?.params ?? 0
    let pushes = instruction.info.pushes ?? (callee?.kind == .procedureWithValue ? 1 : 0)
    guard height >= pops else {
      throw reject(instruction, "stack underflow: needs \(pops) values, has \(height)")
    }
    let after = height - pops + pushes
    try checkNeed(of: instruction, peak: max(height, after), height: height, callee: callee)
    return after
  }

  private mutating func checkNeed(
    of instruction: Instruction, peak: Int, height: Int, callee: Function?
  ) throws(ImageError) {
    let current = functions.count - 1
    let frame = functions[current].slots + 1
    var need = frame + peak
    // The callee's frame starts at its first argument, already counted in `height`.
    if let callee { need = max(need, frame + height - callee.params + callee.need) }
    let declared = functions[current].need
    guard need <= declared else {
      let header = hex(functions[current].headerOffset)
      throw reject(
        instruction, "needs \(need) stack slots, its FUNCTION at \(header) declares \(declared)")
    }
    functions[current].measuredNeed = max(functions[current].measuredNeed, need)
  }

  // MARK: - Jumps

  /// Section 4 rules 4 and 5: targets on instruction boundaries of the same
  /// function, each reached with one height.
  private mutating func checkJump(
    _ instruction: Instruction, to target: Int, carrying height: Int
  ) throws(ImageError) {
    if instruction.jumpsBackward {
      try checkBackwardJump(instruction, to: target, carrying: height)
      return
    }
    guard target < code.count else {
      throw reject(instruction, "target \(hex(target)) is outside the code")
    }
    guard height >= 0 else {
      throw reject(instruction, "stack underflow on the jump")
    }
    let mark = heights[target]
    if mark == Self.unknown {
      heights[target] = UInt8(height)
      furthestTarget = max(furthestTarget, target)
    } else if Int(mark) != height {
      throw reject(
        instruction,
        "target \(hex(target)) gets stack height \(height) here, \(mark) from an earlier jump")
    }
  }

  private func checkBackwardJump(
    _ instruction: Instruction, to target: Int, carrying height: Int
  ) throws(ImageError) {
    let body = functions[functions.count - 1].bodyOffset
    guard target <= instruction.offset else {
      throw reject(instruction, "target \(hex(target)) is not behind the jump")
    }
    guard target >= body else {
      throw reject(instruction, "target \(hex(target)) is outside its function")
    }
    // Every instruction start behind us has a height; operand bytes have none.
    let mark = heights[target]
    guard mark != Self.unknown else {
      throw reject(instruction, "target \(hex(target)) is inside an instruction")
    }
    guard Int(mark) == height else {
      throw reject(
        instruction,
        "jumps back to \(hex(target)) with stack height \(height), it has \(mark) there")
    }
  }

  // MARK: - Messages

  private func reject(_ instruction: Instruction, _ reason: String) -> ImageError {
    .rejected(
      offset: instruction.offset,
      reason: "\(instruction.info.name) at \(hex(instruction.offset)): \(reason)")
  }

  /// The error for a forward jump that lands at a bad `target`, named after
  /// the jump. Only the height table remembers targets, so this finds the
  /// jump by decoding the current function again: a cost paid on error only.
  private func jumpError(landingAt target: Int, _ problem: String) -> ImageError {
    var offset = functions[functions.count - 1].bodyOffset
    while offset < target, let instruction = Instruction.decode(code, at: offset) {
      if !instruction.jumpsBackward, instruction.jumpTarget == target {
        return reject(instruction, "target \(hex(target)) \(problem)")
      }
      offset = instruction.end
    }
    return .rejected(offset: target, reason: "a jump target \(hex(target)) \(problem)")
  }
}
