import KocodeBytecode

/// The dispatch loop: one task's turn on the machine.
extension Machine {
  /// Runs task `index` from its saved registers until it gives way, sleeps,
  /// ends, stops everything, fails, or meets the time limit. Each
  /// instruction runs at the current time `t`, then time moves on by
  /// `INSTRUCTION_COST_US`. Registers live in locals; every stack, slot,
  /// global, output and jump index is checked before use, so a bad image
  /// ends in a runtime error, never a trap. The VM's one long function.
  func runSlice(_ index: Int) -> SliceEnd {
    var task = tasks[index]
    let code = self.code
    let stack = self.stack
    let globals = self.globals
    let codeCount = self.codeCount
    let globalCount = self.globalCount
    let base = task.base
    let limit = task.limit
    let cost = Int64(VMConstant.instructionCostUs)
    let grid = Int64(VMConstant.gridUs)
    let headerSize = VMConstant.funcSize

    var pc = task.pc
    var sp = task.sp
    var fp = task.fp
    var frameSize = task.frameSize
    // The lowest operand slot of the running frame: pops never go below it.
    var bottom = fp + frameSize + 1
    var now = timeUS
    var time = now
    var nextCheck = nextCheckUS
    var executed = 0
    var instructionPC = pc
    var outcome = SliceEnd.yielded

    do throws(RuntimeError) {
      dispatch: while true {
        if now >= nextCheck {
          if now >= limitUS {
            outcome = .timeLimit
            break dispatch
          }
          handleBoardEvents(upTo: now)
          nextCheck = nextCheckUS
        }
        time = now
        now &+= cost
        executed &+= 1
        instructionPC = pc
        guard let opcode = Opcode(rawValue: code[pc]) else { throw .badInstruction }

        switch opcode {
        // MARK: Constants, globals and locals
        case .push0, .push1:
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = opcode == .push1 ? 1 : 0
          sp += 1
          pc += 1
        case .pushI8:
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = Int32(Int8(bitPattern: code[pc + 1]))
          sp += 1
          pc += 2
        case .pushI16:
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = Int32(Int16(truncatingIfNeeded: Self.u16(code, pc + 1)))
          sp += 1
          pc += 3
        case .pushI32:
          guard sp < limit else { throw .stackOverflow }
          let low = UInt32(Self.u16(code, pc + 1))
          let high = UInt32(Self.u16(code, pc + 3))
          stack[sp] = Int32(bitPattern: low | high << 16)
          sp += 1
          pc += 5
        case .loadG:
          let global = Int(code[pc + 1])
          guard global < globalCount else { throw .badInstruction }
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = globals[global]
          sp += 1
          pc += 2
        case .storeG, .changeG:
          let global = Int(code[pc + 1])
          guard global < globalCount, sp > bottom else { throw .badInstruction }
          sp -= 1
          globals[global] = opcode == .storeG ? stack[sp] : globals[global] &+ stack[sp]
          pc += 2
        case .loadL:
          let slot = Int(code[pc + 1])
          guard slot < frameSize else { throw .badInstruction }
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = stack[fp + slot]
          sp += 1
          pc += 2
        case .storeL, .changeL:
          let slot = Int(code[pc + 1])
          guard slot < frameSize, sp > bottom else { throw .badInstruction }
          sp -= 1
          stack[fp + slot] = opcode == .storeL ? stack[sp] : stack[fp + slot] &+ stack[sp]
          pc += 2
        case .pop:
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          pc += 1

        // MARK: Arithmetic and comparisons: a below b on the stack
        case .add, .sub, .mul, .div, .mod, .pow, .random,
          .eq, .ne, .lt, .le, .gt, .ge:
          guard sp - 2 >= bottom else { throw .badInstruction }
          let a = stack[sp - 2]
          let b = stack[sp - 1]
          let result: Int32
          switch opcode {
          case .add: result = a &+ b
          case .sub: result = a &- b
          case .mul: result = a &* b
          case .div: result = try Arithmetic.divide(a, b)
          case .mod: result = try Arithmetic.modulo(a, b)
          case .pow: result = try Arithmetic.power(a, b)
          case .random: result = Arithmetic.random(from: a, to: b, state: &randomState)
          case .eq: result = a == b ? 1 : 0
          case .ne: result = a != b ? 1 : 0
          case .lt: result = a < b ? 1 : 0
          case .le: result = a <= b ? 1 : 0
          case .gt: result = a > b ? 1 : 0
          default: result = a >= b ? 1 : 0
          }
          stack[sp - 2] = result
          sp -= 1
          pc += 1
        case .neg, .abs, .sqrt, .not:
          guard sp > bottom else { throw .badInstruction }
          let a = stack[sp - 1]
          switch opcode {
          case .neg: stack[sp - 1] = 0 &- a
          case .abs: stack[sp - 1] = Arithmetic.absolute(a)
          case .sqrt: stack[sp - 1] = try Arithmetic.squareRoot(a)
          default: stack[sp - 1] = a == 0 ? 1 : 0
          }
          pc += 1
        case .constrain:
          guard sp - 3 >= bottom else { throw .badInstruction }
          stack[sp - 3] = Arithmetic.constrain(
            stack[sp - 3], low: stack[sp - 2], high: stack[sp - 1])
          sp -= 2
          pc += 1
        case .map:
          guard sp - 5 >= bottom else { throw .badInstruction }
          stack[sp - 5] = try Arithmetic.map(
            stack[sp - 5], fromLow: stack[sp - 4], fromHigh: stack[sp - 3],
            toLow: stack[sp - 2], toHigh: stack[sp - 1])
          sp -= 4
          pc += 1

        // MARK: Jumps
        case .and, .andW, .or, .orW:
          let jump = Self.forward(code, pc + 1, wide: opcode == .andW || opcode == .orW)
          guard jump.target < codeCount else { throw .badInstruction }
          guard sp > bottom else { throw .badInstruction }
          let top = stack[sp - 1] != 0
          // AND keeps a false top and jumps; OR keeps a true top and jumps.
          if top == (opcode == .or || opcode == .orW) {
            pc = jump.target
          } else {
            sp -= 1
            pc = jump.end
          }
        case .jump, .jumpW:
          let jump = Self.forward(code, pc + 1, wide: opcode == .jumpW)
          guard jump.target < codeCount else { throw .badInstruction }
          pc = jump.target
        case .jumpIfFalse, .jumpIfFalseW, .jumpIfTrue, .jumpIfTrueW:
          let wide = opcode == .jumpIfFalseW || opcode == .jumpIfTrueW
          let jump = Self.forward(code, pc + 1, wide: wide)
          guard jump.target < codeCount else { throw .badInstruction }
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          let wanted = opcode == .jumpIfTrue || opcode == .jumpIfTrueW
          pc = (stack[sp] != 0) == wanted ? jump.target : jump.end
        case .loop, .loopW:
          let jump = Self.backward(code, pc + 1, wide: opcode == .loopW)
          guard jump.target >= 0 else { throw .badInstruction }
          pc = jump.target
          task.wakeUS = time
          break dispatch

        // MARK: Counted loops
        case .repeatTest, .repeatTestW:
          let slot = Int(code[pc + 1])
          let jump = Self.forward(code, pc + 2, wide: opcode == .repeatTestW)
          guard slot < frameSize, jump.target < codeCount else { throw .badInstruction }
          let count = stack[fp + slot]
          if count <= 0 {
            pc = jump.target
          } else {
            stack[fp + slot] = count - 1
            pc = jump.end
          }
        case .forPrep:
          let slot = Int(code[pc + 1])
          guard slot + 1 < frameSize, sp - 3 >= bottom else { throw .badInstruction }
          let from = stack[sp - 3]
          let to = stack[sp - 2]
          let by = stack[sp - 1]
          // |by|, with 0 counting as 1 and |INT_MIN| as INT_MAX.
          let magnitude = by == 0 ? 1 : (by == Int32.min ? Int32.max : Swift.abs(by))
          stack[fp + slot] = to
          stack[fp + slot + 1] = from <= to ? magnitude : -magnitude
          stack[sp - 3] = from
          sp -= 2
          pc += 2
        case .forTest, .forTestW:
          let slot = Int(code[pc + 1])
          let jump = Self.forward(code, pc + 2, wide: opcode == .forTestW)
          guard slot + 1 < frameSize, jump.target < codeCount, sp > bottom else {
            throw .badInstruction
          }
          sp -= 1
          let value = stack[sp]
          let end = stack[fp + slot]
          let past = stack[fp + slot + 1] >= 0 ? value > end : value < end
          pc = past ? jump.target : jump.end
        case .forNext, .forNextW:
          let slot = Int(code[pc + 1])
          let jump = Self.forward(code, pc + 2, wide: opcode == .forNextW)
          guard slot + 1 < frameSize, jump.target < codeCount, sp > bottom else {
            throw .badInstruction
          }
          let (next, overflow) = stack[sp - 1].addingReportingOverflow(stack[fp + slot + 1])
          if overflow {
            sp -= 1
            pc = jump.target
          } else {
            stack[sp - 1] = next
            pc = jump.end
          }

        // MARK: Calls and the ends of scripts
        case .call:
          let target = Self.u16(code, pc + 1)
          guard target + headerSize <= codeCount, code[target] == Opcode.function.rawValue
          else { throw .badInstruction }
          let params = Int(code[target + 1])
          let calleeLocals = Int(code[target + 2])
          guard sp - params >= bottom else { throw .badInstruction }
          let calleeFP = sp - params
          let linkSlot = calleeFP + params + calleeLocals
          guard linkSlot < limit else { throw .stackOverflow }
          while sp < linkSlot {
            stack[sp] = 0
            sp += 1
          }
          stack[linkSlot] = Self.returnLink(pc: pc + 3, frame: fp - base, size: frameSize)
          fp = calleeFP
          frameSize = params + calleeLocals
          sp = linkSlot + 1
          bottom = sp
          pc = target + headerSize
        case .ret, .retV:
          var value: Int32 = 0
          if opcode == .retV {
            guard sp > bottom else { throw .badInstruction }
            sp -= 1
            value = stack[sp]
          }
          // The script's own frame: its return link ends the script.
          guard fp != base else {
            task.ended = true
            lastEndUS = time
            outcome = .ended
            break dispatch
          }
          let link = UInt32(bitPattern: stack[fp + frameSize])
          let returnPC = Int(link & 0xFFFF)
          let callerFP = base + Int(link >> 16 & 0xFF)
          let callerSize = Int(link >> 24)
          guard returnPC < codeCount, callerFP + callerSize < fp else { throw .badInstruction }
          sp = fp
          fp = callerFP
          frameSize = callerSize
          bottom = fp + frameSize + 1
          pc = returnPC
          if opcode == .retV {
            stack[sp] = value
            sp += 1
          }
        case .end:
          task.ended = true
          lastEndUS = time
          outcome = .ended
          break dispatch
        case .stopScript:
          guard task.isWhen else {
            task.ended = true
            lastEndUS = time
            outcome = .ended
            break dispatch
          }
          // A when script drops its stack and goes back to its hat, still armed.
          enterScript(&task)
          pc = task.pc
          sp = task.sp
          fp = task.fp
          frameSize = task.frameSize
          bottom = sp
        case .stopAll:
          stopUS = time
          outcome = .stoppedAll
          break dispatch
        case .function:
          throw .badInstruction

        // MARK: Waits and hats
        case .waitMs, .waitS, .waitMin:
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          let unit: Int64 = opcode == .waitMs ? 1 : (opcode == .waitS ? 1000 : 60_000)
          task.wakeUS = time + Arithmetic.waitMicroseconds(stack[sp], unitMS: unit)
          pc += 1
          break dispatch
        case .waitUntil, .waitUntilW:
          let jump = Self.backward(code, pc + 1, wide: opcode == .waitUntilW)
          guard jump.target >= 0, sp > bottom else { throw .badInstruction }
          sp -= 1
          if stack[sp] != 0 {
            task.wakeUS = time
            pc = jump.end
          } else {
            task.wakeUS = (time / grid + 1) * grid
            pc = jump.target
          }
          break dispatch
        case .whenWait:
          pc += 1
          if time % grid != 0 {
            task.wakeUS = (time / grid + 1) * grid
            break dispatch
          }
        case .whenFire, .whenFireW:
          let jump = Self.backward(code, pc + 1, wide: opcode == .whenFireW)
          guard jump.target >= 0, sp > bottom else { throw .badInstruction }
          sp -= 1
          let sample = stack[sp] != 0
          let fires = sample && !task.previousSample
          task.previousSample = sample
          pc = fires ? jump.end : jump.target
        case .everyBegin:
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          let period = Int64(max(0, stack[sp])) * 1_000_000
          task.everyDueUS = task.everyStartUS + period
          pc += 1
        case .everyNext, .everyNextW:
          let jump = Self.backward(code, pc + 1, wide: opcode == .everyNextW)
          guard jump.target >= 0 else { throw .badInstruction }
          // A late run schedules the next at its own end: no catch-up burst.
          task.everyStartUS = time < task.everyDueUS ? task.everyDueUS : time
          task.wakeUS = task.everyStartUS
          pc = jump.target
          break dispatch

        // MARK: Outputs
        case .outOn, .outOff:
          try setOutput(Int(code[pc + 1]), to: opcode == .outOn ? 1 : 0, at: time)
          nextCheck = nextCheckUS
          pc += 2
        case .outWrite, .pwmWrite:
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          let value = stack[sp]
          let written = opcode == .outWrite ? (value != 0 ? 1 : 0) : min(max(value, 0), 255)
          try setOutput(Int(code[pc + 1]), to: written, at: time)
          nextCheck = nextCheckUS
          pc += 2
        case .pulseS, .pulseMs:
          let output = Int(code[pc + 1])
          try checkOutput(output)
          guard sp > bottom else { throw .badInstruction }
          let unit: Int64 = opcode == .pulseS ? 1000 : 1
          let duration = Arithmetic.waitMicroseconds(stack[sp - 1], unitMS: unit)
          if duration > 0 {
            try setOutput(output, to: 1, at: time)
            nextCheck = nextCheckUS
          }
          stack[sp - 1] = duration > 0 ? 1 : 0
          task.wakeUS = time + duration
          pc += 2
          break dispatch
        case .pulseEnd:
          let output = Int(code[pc + 1])
          try checkOutput(output)
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          if stack[sp] != 0 {
            try setOutput(output, to: 0, at: time)
            nextCheck = nextCheckUS
          }
          pc += 2

        // MARK: Sensors and time
        case .soil, .light, .temperature, .tankEmpty, .button, .timeMs, .timeS:
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = read(opcode, at: time)
          sp += 1
          pc += 1
        case .analogRead:
          let channel = Int(code[pc + 1])
          guard channel < analogChannelCount else { throw .badInstruction }
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = environment.analogRaw(channel: channel, at: time)
          sp += 1
          pc += 2
        case .digitalRead:
          guard sp < limit else { throw .stackOverflow }
          stack[sp] = environment.digitalLevel(pin: Int(code[pc + 1]), at: time) ? 1 : 0
          sp += 1
          pc += 2

        // MARK: Logs and messages
        case .logNum, .logBool:
          let text = Int(code[pc + 1])
          guard text < texts.count, sp > bottom else { throw .badInstruction }
          sp -= 1
          let value: LoggedValue =
            opcode == .logNum ? .number(stack[sp]) : .boolean(stack[sp] != 0)
          emit(.log(timeMS: time / 1000, label: texts[text], value: value))
          pc += 2
        case .printText:
          let text = Int(code[pc + 1])
          guard text < texts.count else { throw .badInstruction }
          emit(.print(timeMS: time / 1000, text: texts[text]))
          pc += 2
        case .printNum, .printBool:
          guard sp > bottom else { throw .badInstruction }
          sp -= 1
          let value = stack[sp]
          let text = opcode == .printNum ? String(value) : (value != 0 ? "true" : "false")
          emit(.print(timeMS: time / 1000, text: text))
          pc += 1
        }
      }
    } catch {
      failure = Failure(code: error.code, pc: instructionPC, timeUS: time)
      outcome = .failed
    }

    task.pc = pc
    task.sp = sp
    task.fp = fp
    task.frameSize = frameSize
    tasks[index] = task
    timeUS = now
    instructionCount &+= executed
    return outcome
  }

  /// A sensor or clock instruction's value at board time `time`.
  func read(_ opcode: Opcode, at time: Int64) -> Int32 {
    switch opcode {
    case .soil: environment.reading(.soilMoisture, at: time)
    case .light: environment.reading(.light, at: time)
    case .temperature: environment.reading(.temperature, at: time)
    case .tankEmpty: environment.reading(.tankEmpty, at: time) != 0 ? 1 : 0
    case .button: environment.reading(.button, at: time) != 0 ? 1 : 0
    case .timeMs: Int32(truncatingIfNeeded: time / 1000)
    default: Int32(truncatingIfNeeded: time / 1_000_000)
    }
  }

  /// A little-endian 16-bit operand.
  @inline(__always)
  static func u16(_ code: UnsafeMutablePointer<UInt8>, _ offset: Int) -> Int {
    Int(code[offset]) | Int(code[offset + 1]) << 8
  }

  /// A forward jump whose distance is at `operand` (8 or 16 bits): the end
  /// of the instruction and the target, counted from that end.
  @inline(__always)
  static func forward(
    _ code: UnsafeMutablePointer<UInt8>, _ operand: Int, wide: Bool
  ) -> (end: Int, target: Int) {
    let end = operand + (wide ? 2 : 1)
    return (end, end + (wide ? u16(code, operand) : Int(code[operand])))
  }

  /// A backward jump whose distance is at `operand` (8 or 16 bits).
  @inline(__always)
  static func backward(
    _ code: UnsafeMutablePointer<UInt8>, _ operand: Int, wide: Bool
  ) -> (end: Int, target: Int) {
    let end = operand + (wide ? 2 : 1)
    return (end, end - (wide ? u16(code, operand) : Int(code[operand])))
  }

  /// A return link in one slot: the return address in the low 16 bits, the
  /// caller's frame base (from the task's base) and frame size in a byte
  /// each; a task's stack is at most 255 slots, so both fit.
  @inline(__always)
  static func returnLink(pc: Int, frame: Int, size: Int) -> Int32 {
    Int32(bitPattern: UInt32(pc & 0xFFFF) | UInt32(frame & 0xFF) << 16 | UInt32(size & 0xFF) << 24)
  }
}
