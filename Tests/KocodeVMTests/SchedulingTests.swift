import KocodeBytecode
import KocodeVM
import Testing

/// `docs/bytecode.md` section 6: round-robin, waits, hats, stops.
@Suite struct SchedulingTests {
  @Test func twoForeverLoopsAlternate() {
    let image = Fixtures.image { a in
      for name in ["a", "b"] {
        a.script()
        a.label("top-\(name)")
        a.emit(.push1)
        a.emit(.logNum, .name(name))
        a.emit(.loop, .name("top-\(name)"))
      }
    }
    let events = Fixtures.trace(image, limitMS: 1)
    let labels = events.compactMap { event -> String? in
      guard case .log(_, let label, _) = event else { return nil }
      return label
    }
    // Each turn is three instructions (30 µs); the 34th turn's log would
    // run at exactly 1 ms, the limit.
    #expect(labels.count == 33)
    #expect(labels == (0..<33).map { $0 % 2 == 0 ? "a" : "b" })
    #expect(events.last == .end(timeMS: 1, reason: .timeLimit))
  }

  @Test func tasksWakingAtTheSameMicrosecondRunInScriptOrder() {
    let image = Fixtures.image { a in
      for number in 0..<3 {
        a.script()
        if number == 0 {
          // Script 0 gives way once, so it is the last to run before the jump.
          a.emit(.push0)
          a.emit(.waitMs)
        }
        a.label("top\(number)")
        a.emit(.timeMs)
        a.emit(.pushI8, 10)
        a.emit(.ge)
        a.emit(.waitUntil, .name("top\(number)"))
        a.emit(.pushI8, .number(number))
        a.emit(.logNum, "woke")
        a.emit(.end)
      }
    }
    let events = Fixtures.trace(image)
    #expect(Fixtures.logged(events) == [0, 1, 2])
    #expect(events.filter { $0.type == "log" }.allSatisfy { $0.timeMS == 10 })
  }

  @Test func everyRunsAtExactMultiplesOfItsPeriod() {
    let image = Fixtures.image { a in
      a.script("kocode_every")
      a.label("top")
      a.emit(.push1)
      a.emit(.everyBegin)
      a.emit(.timeMs)
      a.emit(.logNum, "run")
      a.emit(.everyNext, "top")
    }
    let events = Fixtures.trace(image, limitMS: 5000)
    #expect(Fixtures.logged(events) == [0, 1000, 2000, 3000, 4000])
    #expect(events.last == .end(timeMS: 5000, reason: .timeLimit))
  }

  @Test func everyRunLongerThanItsPeriodDelaysTheNext() {
    let image = Fixtures.image { a in
      a.script("kocode_every")
      a.label("top")
      a.emit(.push1)
      a.emit(.everyBegin)
      a.emit(.timeMs)
      a.emit(.logNum, "run")
      a.emit(.pushI16, 1500)
      a.emit(.waitMs)
      a.emit(.everyNext, "top")
    }
    // No catch-up burst: each run starts as soon as the previous one ends.
    #expect(Fixtures.logged(Fixtures.trace(image, limitMS: 5000)) == [0, 1500, 3000, 4500])
  }

  @Test func everyWithPeriodZeroRunsBackToBackAndGivesWay() {
    let image = Fixtures.image { a in
      a.script("kocode_every")
      a.label("top")
      a.emit(.push0)
      a.emit(.everyBegin)
      a.emit(.push1)
      a.emit(.logNum, "every")
      a.emit(.everyNext, "top")
      a.script()
      a.label("other")
      a.emit(.push1)
      a.emit(.logNum, "other")
      a.emit(.loop, "other")
    }
    let labels = Fixtures.trace(image, limitMS: 1).compactMap { event -> String? in
      guard case .log(_, let label, _) = event else { return nil }
      return label
    }
    #expect(Array(labels.prefix(4)) == ["every", "other", "every", "other"])
  }

  /// Pressed for the first 50 ms, released, pressed again from 100 ms.
  static func pressedTwice() -> ScriptedEnvironment {
    let environment = ScriptedEnvironment()
    environment.button = { $0 < 50_000 || $0 >= 100_000 }
    return environment
  }

  @Test func whenFiresOnEdgesOnlyAndAtZeroWhenAlreadyTrue() {
    let image = Fixtures.image { a in
      a.script("kocode_when")
      a.label("top")
      a.emit(.whenWait)
      a.emit(.button)
      a.emit(.whenFire, "top")
      a.emit(.timeMs)
      a.emit(.logNum, "fired")
      a.emit(.loop, "top")
    }
    let events = Fixtures.trace(image, environment: Self.pressedTwice(), limitMS: 200)
    #expect(Fixtures.logged(events) == [0, 100])
  }

  @Test func whenSamplesOnlyAtGridPoints() {
    let environment = ScriptedEnvironment()
    environment.button = { $0 >= 12_345 }
    let image = Fixtures.image { a in
      a.script("kocode_when")
      a.label("top")
      a.emit(.whenWait)
      a.emit(.button)
      a.emit(.whenFire, "top")
      a.emit(.timeMs)
      a.emit(.logNum, "fired")
      a.emit(.loop, "top")
    }
    let machine = Machine(image: image, board: Fixtures.board, environment: environment)
    let events = machine.trace(limitUS: 100_000)
    #expect(Fixtures.logged(events) == [20])
    // The first WHEN_WAIT, then ten samples of BUTTON, WHEN_FIRE and
    // WHEN_WAIT, and one body of three: nothing in between.
    #expect(machine.instructionCount == 1 + 10 * 3 + 3)
  }

  @Test func waitUntilChecksAtOnceThenAtGridPoints() {
    let environment = ScriptedEnvironment()
    environment.button = { $0 >= 12_345 }
    let image = Fixtures.image { a in
      a.script()
      a.label("top")
      a.emit(.button)
      a.emit(.waitUntil, "top")
      a.emit(.timeMs)
      a.emit(.logNum, "seen")
      a.emit(.end)
    }
    let machine = Machine(image: image, board: Fixtures.board, environment: environment)
    let events = machine.trace(limitUS: 1_000_000)
    #expect(Fixtures.logged(events) == [20])
    #expect(events.last == .end(timeMS: 20, reason: .finished))
    // Checks at 0, 10 and 20 ms (two instructions each), then three more.
    #expect(machine.instructionCount == 3 * 2 + 3)
  }

  @Test func waitUntilAlreadyTrueStillGivesWay() {
    let image = Fixtures.image { a in
      a.script()
      a.label("check")
      a.emit(.push1)
      a.emit(.waitUntil, "check")
      a.emit(.pushI8, 1)
      a.emit(.logNum, "first")
      a.emit(.end)
      a.script()
      a.emit(.pushI8, 2)
      a.emit(.logNum, "second")
      a.emit(.end)
    }
    #expect(Fixtures.logged(Fixtures.trace(image)) == [2, 1])
  }

  @Test func stopScriptInAWhenScriptKeepsItArmed() {
    let image = Fixtures.image { a in
      a.script("kocode_when")
      a.label("top")
      a.emit(.whenWait)
      a.emit(.button)
      a.emit(.whenFire, "top")
      a.emit(.timeMs)
      a.emit(.logNum, "fired")
      a.emit(.stopScript)
    }
    let events = Fixtures.trace(image, environment: Self.pressedTwice(), limitMS: 200)
    // The previous sample survives the stop: no new edge at 10 ms.
    #expect(Fixtures.logged(events) == [0, 100])
    #expect(events.last == .end(timeMS: 200, reason: .timeLimit))
  }

  @Test func stopScriptInsideAProcedureStopsTheCallingScript() {
    let image = Fixtures.image { a in
      a.function("stop", need: 1)
      a.emit(.stopScript)
      a.script()
      a.emit(.call, "stop")
      a.emit(.pushI8, 1)
      a.emit(.logNum, "after")
      a.emit(.end)
    }
    let events = Fixtures.trace(image)
    #expect(Fixtures.logged(events).isEmpty)
    #expect(events.last == .end(timeMS: 0, reason: .finished))
  }

  @Test func stopScriptEndsAnOnStartScript() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.pushI8, 1)
      a.emit(.waitS)
      a.emit(.stopScript)
    }
    #expect(Fixtures.trace(image).last == .end(timeMS: 1000, reason: .finished))
  }

  @Test func stopAllGoesToTheSafeState() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.ledGreen))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 10)
      a.emit(.waitS)
      a.emit(.end)
      a.script()
      a.emit(.push1)
      a.emit(.waitS)
      a.emit(.stopAll)
    }
    #expect(
      Fixtures.lines(image) == [
        #"{"t":0,"type":"start","scripts":2}"#,
        #"{"t":0,"type":"output","name":"led_green","value":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":1000,"type":"output","name":"pump","value":0}"#,
        #"{"t":1000,"type":"output","name":"led_green","value":0}"#,
        #"{"t":1000,"type":"end","reason":"stopped"}"#,
      ])
  }

  @Test func finishingSwitchesOnlyThePumpOff() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.ledGreen))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 2)
      a.emit(.waitS)
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"led_green","value":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":2000,"type":"output","name":"pump","value":0}"#,
        #"{"t":2000,"type":"end","reason":"finished"}"#,
      ])
  }

  @Test func anEmptyProgramFinishesAtZero() {
    let image = Fixtures.image { _ in }
    #expect(
      Fixtures.lines(image) == [
        #"{"t":0,"type":"start","scripts":0}"#, #"{"t":0,"type":"end","reason":"finished"}"#,
      ])
  }
}
