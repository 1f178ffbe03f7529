import KocodeBytecode
import KocodeVM
import Testing

/// Instructions one by one: frames and calls, loops, outputs, sensors, time.
@Suite struct InstructionTests {
  /// Runs a one-script program and returns what it logged.
  func logs(
    locals: Int = 0, limitMS: Int64 = 60_000, _ build: (inout Assembler) -> Void
  ) -> [Int32] {
    let image = Fixtures.image { a in
      a.script(locals: locals)
      build(&a)
      a.emit(.end)
    }
    return Fixtures.logged(Fixtures.trace(image, limitMS: limitMS))
  }

  /// Procedures for the call tests: `sum(a, b)`, `twice(x)` with a local,
  /// and `store(x)` that sets global 0 and returns nothing.
  func procedures(_ a: inout Assembler) {
    a.function("sum", params: 2, need: 5, kind: 1)
    a.emit(.loadL, 0)
    a.emit(.loadL, 1)
    a.emit(.add)
    a.emit(.retV)
    a.function("twice", params: 1, locals: 1, need: 8, kind: 1)
    a.emit(.loadL, 0)
    a.emit(.loadL, 0)
    a.emit(.call, "sum")
    a.emit(.storeL, 1)
    a.emit(.loadL, 1)
    a.emit(.retV)
    a.function("store", params: 1, need: 3, kind: 0)
    a.emit(.loadL, 0)
    a.emit(.storeG, 0)
    a.emit(.ret)
  }

  @Test func callsPassArgumentsAndReturnValues() {
    let image = Fixtures.image { a in
      procedures(&a)
      a.script(locals: 1)
      a.emit(.pushI8, 7)
      a.emit(.storeL, 0)
      a.emit(.pushI8, 100)
      a.emit(.pushI8, 2)
      a.emit(.pushI8, 3)
      a.emit(.call, "sum")
      a.emit(.call, "twice")
      a.emit(.add)
      a.emit(.logNum, "value")
      a.emit(.pushI8, 9)
      a.emit(.call, "store")
      a.emit(.loadG, 0)
      a.emit(.logNum, "value")
      a.emit(.loadL, 0)
      a.emit(.logNum, "value")
      a.emit(.end)
    }
    #expect(Fixtures.logged(Fixtures.trace(image)) == [110, 9, 7])
  }

  @Test func globalsAndLocalsChangeWithWrapping() {
    #expect(
      logs(locals: 1) { a in
        a.emit(.pushI32, .number(Int(Int32.max)))
        a.emit(.storeG, 1)
        a.emit(.push1)
        a.emit(.changeG, 1)
        a.emit(.loadG, 1)
        a.emit(.logNum, "v")
        a.emit(.pushI16, -300)
        a.emit(.changeL, 0)
        a.emit(.loadL, 0)
        a.emit(.logNum, "v")
      } == [Int32.min, -300])
  }

  @Test func forCountsUpAndDownByTheStepsMagnitude() {
    func forLoop(_ from: Int, _ to: Int, _ by: Int) -> [Int32] {
      logs(locals: 2) { a in
        a.emit(.pushI32, .number(from))
        a.emit(.pushI32, .number(to))
        a.emit(.pushI32, .number(by))
        a.emit(.forPrep, 0)
        a.emit(.storeG, 0)
        a.label("top")
        a.emit(.loadG, 0)
        a.emit(.forTest, 0, "exit")
        a.emit(.loadG, 0)
        a.emit(.logNum, "i")
        a.emit(.loadG, 0)
        a.emit(.forNext, 0, "exit")
        a.emit(.storeG, 0)
        a.emit(.loop, "top")
        a.label("exit")
      }
    }
    #expect(forLoop(1, 5, 2) == [1, 3, 5])
    #expect(forLoop(5, 1, 2) == [5, 3, 1])
    #expect(forLoop(5, 1, -2) == [5, 3, 1])
    #expect(forLoop(1, 3, 0) == [1, 2, 3])
    #expect(forLoop(Int(Int32.max) - 1, Int(Int32.max), 1) == [Int32.max - 1, Int32.max])
    #expect(forLoop(-5, Int(Int32.max), Int(Int32.min)).count == 2)
  }

  @Test func repeatRunsItsCountAndNothingForZeroOrLess() {
    func repeatLoop(_ times: Int) -> [Int32] {
      logs(locals: 1) { a in
        a.emit(.pushI8, .number(times))
        a.emit(.storeL, 0)
        a.label("top")
        a.emit(.repeatTest, 0, "exit")
        a.emit(.loadL, 0)
        a.emit(.logNum, "left")
        a.emit(.loop, "top")
        a.label("exit")
      }
    }
    #expect(repeatLoop(3) == [2, 1, 0])
    #expect(repeatLoop(0).isEmpty)
    #expect(repeatLoop(-4).isEmpty)
  }

  @Test func andOrShortCircuitKeepingTheDecidingValue() {
    func logic(_ opcode: Opcode, _ left: Int, _ right: Int) -> [Int32] {
      logs { a in
        a.emit(.pushI8, .number(left))
        a.emit(opcode, "done")
        a.emit(.pushI8, .number(right))
        a.label("done")
        a.emit(.logNum, "v")
      }
    }
    #expect(logic(.and, 0, 1) == [0])
    #expect(logic(.and, 1, 5) == [5])
    #expect(logic(.or, 3, 0) == [3])
    #expect(logic(.or, 0, 0) == [0])
  }

  @Test func comparisonsAndNotPushBooleans() {
    let values = logs { a in
      for opcode in [Opcode.eq, .ne, .lt, .le, .gt, .ge] {
        a.emit(.pushI8, 2)
        a.emit(.pushI8, 3)
        a.emit(opcode)
        a.emit(.logNum, "v")
      }
      a.emit(.pushI8, 7)
      a.emit(.not)
      a.emit(.logNum, "v")
      a.emit(.push0)
      a.emit(.not)
      a.emit(.logNum, "v")
    }
    #expect(values == [0, 1, 1, 1, 0, 0, 0, 1])
  }

  @Test func arithmeticInstructionsUseTheStackOrder() {
    let values = logs { a in
      for opcode in [Opcode.add, .sub, .mul, .div, .mod, .pow] {
        a.emit(.pushI8, 7)
        a.emit(.pushI8, 2)
        a.emit(opcode)
        a.emit(.logNum, "v")
      }
      a.emit(.pushI8, -9)
      a.emit(.abs)
      a.emit(.neg)
      a.emit(.logNum, "v")
      a.emit(.pushI8, 50)
      a.emit(.sqrt)
      a.emit(.logNum, "v")
      a.emit(.pushI8, 15)
      a.emit(.push0)
      a.emit(.pushI8, 10)
      a.emit(.constrain)
      a.emit(.logNum, "v")
      for value in [5, 0, 10, 0, 100] { a.emit(.pushI8, .number(value)) }
      a.emit(.map)
      a.emit(.logNum, "v")
      a.emit(.pushI8, 6)
      a.emit(.push1)
      a.emit(.random)
      a.emit(.logNum, "v")
    }
    #expect(values == [9, 5, 14, 3, 1, 49, -9, 7, 10, 50, 4])
  }

  @Test func outputsChangeOnlyWhenTheirValueChanges() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.ledGreen))
      a.emit(.outOn, .number(Fixtures.ledGreen))
      a.emit(.pushI8, 7)
      a.emit(.outWrite, .number(Fixtures.ledGreen))
      a.emit(.pushI16, 300)
      a.emit(.pwmWrite, .number(Fixtures.d9))
      a.emit(.pushI8, -5)
      a.emit(.pwmWrite, .number(Fixtures.d9))
      a.emit(.push0)
      a.emit(.outWrite, .number(Fixtures.ledGreen))
      a.emit(.outOff, .number(Fixtures.ledGreen))
      a.emit(.end)
    }
    #expect(
      Fixtures.trace(image) == [
        .start(timeMS: 0, scripts: 1),
        .output(timeMS: 0, name: "led_green", value: 1),
        .output(timeMS: 0, name: "d9", value: 255),
        .output(timeMS: 0, name: "d9", value: 0),
        .output(timeMS: 0, name: "led_green", value: 0),
        .end(timeMS: 0, reason: .finished),
      ])
  }

  @Test func pulsesOfZeroOrLessChangeNothingButGiveWay() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.push0)
      a.emit(.pulseMs, .number(Fixtures.buzzer))
      a.emit(.pulseEnd, .number(Fixtures.buzzer))
      a.emit(.pushI8, 1)
      a.emit(.logNum, "first")
      a.emit(.pushI16, 250)
      a.emit(.pulseMs, .number(Fixtures.buzzer))
      a.emit(.pulseEnd, .number(Fixtures.buzzer))
      a.emit(.end)
      a.script()
      a.emit(.pushI8, 2)
      a.emit(.logNum, "second")
      a.emit(.end)
    }
    let events = Fixtures.trace(image)
    #expect(Fixtures.logged(events) == [2, 1])
    #expect(
      events.filter { $0.type == "output" } == [
        .output(timeMS: 0, name: "buzzer", value: 1),
        .output(timeMS: 250, name: "buzzer", value: 0),
      ])
  }

  @Test func sensorsAndPinsReadTheEnvironment() {
    let environment = ScriptedEnvironment()
    environment.soil = { _ in 33 }
    environment.temperature = { _ in -4 }
    environment.button = { _ in true }
    let image = Fixtures.image { a in
      a.script()
      for opcode in [Opcode.soil, .light, .temperature, .tankEmpty, .button] {
        a.emit(opcode)
        a.emit(.logNum, "v")
      }
      a.emit(.analogRead, 3)
      a.emit(.logNum, "v")
      a.emit(.digitalRead, 3)
      a.emit(.logNum, "v")
      a.emit(.end)
    }
    let values = Fixtures.logged(Fixtures.trace(image, environment: environment))
    #expect(values == [33, 60, -4, 0, 1, 300, 0])
  }

  @Test func timeReadsTheInstructionsOwnTimeAndWraps() {
    let values = logs(limitMS: Int64.max / 1000) { a in
      a.emit(.pushI16, 1500)
      a.emit(.waitMs)
      a.emit(.timeMs)
      a.emit(.logNum, "v")
      a.emit(.timeS)
      a.emit(.logNum, "v")
      a.emit(.pushI32, .number(Int(Int32.max)))
      a.emit(.waitMs)
      a.emit(.timeMs)
      a.emit(.logNum, "v")
    }
    // 1,500,010 µs after the wait; then 2,147,483,647 ms more, wrapped.
    #expect(values == [1500, 1, Int32(truncatingIfNeeded: Int64(1500) + Int64(Int32.max))])
  }

  @Test func waitsSaturateAtTheLongestWait() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.pushI32, .number(Int(Int32.max)))
      a.emit(.waitMin)
      a.emit(.end)
    }
    let trace = Fixtures.trace(image, limitMS: Int64.max / 1000)
    #expect(trace.last == .end(timeMS: 2_147_483_647, reason: .finished))
  }

  @Test func negativeWaitsGiveWayWithoutSleeping() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.pushI8, -5)
      a.emit(.waitS)
      a.emit(.pushI8, 1)
      a.emit(.logNum, "first")
      a.emit(.end)
      a.script()
      a.emit(.pushI8, 2)
      a.emit(.logNum, "second")
      a.emit(.end)
    }
    let events = Fixtures.trace(image)
    #expect(Fixtures.logged(events) == [2, 1])
    #expect(events.last == .end(timeMS: 0, reason: .finished))
  }

  @Test func instructionsAreCounted() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.push1)
      a.emit(.pushI8, 2)
      a.emit(.add)
      a.emit(.printNum)
      a.emit(.end)
    }
    let machine = Machine(image: image, board: Fixtures.board, environment: ScriptedEnvironment())
    #expect(machine.run(limitUS: 1_000_000) { _ in } == .finished)
    #expect(machine.instructionCount == 5)
    #expect(machine.timeUS == 40)
    // A second run replays nothing.
    var again: [TraceEvent] = []
    #expect(machine.run(limitUS: 1_000_000) { again.append($0) } == .finished)
    #expect(again.isEmpty)
  }
}
