import KocodeBytecode
import KocodeVM
import Testing

/// `board.md` safety rules and the trace's ordering at one instant.
@Suite struct SafetyTests {
  /// `kocode_water` for `seconds`: `PUSH_I8 n; PULSE_S pump; PULSE_END pump`.
  static func water(_ a: inout Assembler, seconds: Int) {
    a.emit(.pushI8, .number(seconds))
    a.emit(.pulseS, .number(Fixtures.pump))
    a.emit(.pulseEnd, .number(Fixtures.pump))
  }

  @Test func pumpIsCutAtExactlyItsMaximumOnTime() {
    let environment = ScriptedEnvironment()
    let image = Fixtures.image { a in
      a.script()
      Self.water(&a, seconds: 60)
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, environment: environment, limitMS: 120_000) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":30000,"type":"safety","rule":"pump_max_on","name":"pump"}"#,
        #"{"t":30000,"type":"output","name":"pump","value":0}"#,
        #"{"t":60000,"type":"end","reason":"finished"}"#,
      ])
    // On at the PULSE_S (10 µs), off exactly 30,000,000 µs later.
    #expect(environment.changes.map(\.timeUS) == [10, 30_000_010])
  }

  @Test func aCutPumpStaysOffUntilSwitchedOffThenOn() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 40)
      a.emit(.waitS)
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 1)
      a.emit(.waitS)
      a.emit(.outOff, .number(Fixtures.pump))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 1)
      a.emit(.waitS)
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, limitMS: 120_000) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":30000,"type":"safety","rule":"pump_max_on","name":"pump"}"#,
        #"{"t":30000,"type":"output","name":"pump","value":0}"#,
        #"{"t":41000,"type":"output","name":"pump","value":1}"#,
        #"{"t":42000,"type":"output","name":"pump","value":0}"#,
        #"{"t":42000,"type":"end","reason":"finished"}"#,
      ])
  }

  @Test func anEmptyTankRefusesThePumpOncePerRequestAfterOff() {
    let environment = ScriptedEnvironment()
    environment.tankEmpty = { _ in true }
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 1)
      a.emit(.waitS)
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.outOff, .number(Fixtures.pump))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, environment: environment) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"safety","rule":"tank_empty","name":"pump"}"#,
        #"{"t":1000,"type":"safety","rule":"tank_empty","name":"pump"}"#,
        #"{"t":1000,"type":"end","reason":"finished"}"#,
      ])
    #expect(environment.changes.isEmpty)
  }

  @Test func aTankEmptyingWhilePumpingStopsThePumpWithinTenMilliseconds() {
    let environment = ScriptedEnvironment()
    environment.tankEmpty = { $0 >= 5_000_005 }
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 20)
      a.emit(.waitS)
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, environment: environment) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":5010,"type":"safety","rule":"tank_empty","name":"pump"}"#,
        #"{"t":5010,"type":"output","name":"pump","value":0}"#,
        #"{"t":20000,"type":"end","reason":"finished"}"#,
      ])
    #expect(environment.changes.map(\.timeUS) == [0, 5_010_000])
  }

  @Test func theSimulatedTankRunsDryAfterItsVolume() {
    var model = SimpleGreenhouse.Model()
    model.tankSeconds = 5
    let greenhouse = SimpleGreenhouse(board: Fixtures.board, model: model)
    let image = Fixtures.image { a in
      a.script()
      SafetyTests.water(&a, seconds: 8)
      a.emit(.tankEmpty)
      a.emit(.logBool, "empty")
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, environment: greenhouse) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":5010,"type":"safety","rule":"tank_empty","name":"pump"}"#,
        #"{"t":5010,"type":"output","name":"pump","value":0}"#,
        #"{"t":8000,"type":"log","label":"empty","value":true}"#,
        #"{"t":8000,"type":"end","reason":"finished"}"#,
      ])
  }

  @Test func atOneInstantErrorThenOutputsPumpFirstThenEnd() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.ledGreen))
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.outOn, .number(Fixtures.buzzer))
      a.emit(.push1)
      a.emit(.push0)
      a.block("divide-block")
      a.emit(.div)
      a.block("print-block")
      a.emit(.printNum)
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"led_green","value":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":0,"type":"output","name":"buzzer","value":1}"#,
        #"{"t":0,"type":"error","code":"division_by_zero","block":"divide-block"}"#,
        #"{"t":0,"type":"output","name":"pump","value":0}"#,
        #"{"t":0,"type":"output","name":"led_green","value":0}"#,
        #"{"t":0,"type":"output","name":"buzzer","value":0}"#,
        #"{"t":0,"type":"end","reason":"error"}"#,
      ])
  }

  @Test func theTimeLimitEndsAtExactlyTheLimitWithoutOutputs() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.outOn, .number(Fixtures.pump))
      a.emit(.pushI8, 100)
      a.emit(.waitS)
      a.emit(.end)
      a.script("kocode_every")
      a.label("top")
      a.emit(.push1)
      a.emit(.everyBegin)
      a.emit(.timeMs)
      a.emit(.logNum, "tick")
      a.emit(.everyNext, "top")
    }
    #expect(
      Fixtures.lines(image, limitMS: 3000) == [
        #"{"t":0,"type":"start","scripts":2}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":0,"type":"log","label":"tick","value":0}"#,
        #"{"t":1000,"type":"log","label":"tick","value":1000}"#,
        #"{"t":2000,"type":"log","label":"tick","value":2000}"#,
        #"{"t":3000,"type":"end","reason":"time_limit"}"#,
      ])
  }

  @Test func theCommandLineExampleWatersForFiveSeconds() {
    var overrides = SensorOverrides()
    overrides.soilMoisture = 20
    let greenhouse = SimpleGreenhouse(board: Fixtures.board, overrides: overrides)
    let image = Fixtures.image { a in
      a.script()
      SafetyTests.water(&a, seconds: 5)
      a.emit(.end)
    }
    #expect(
      Fixtures.lines(image, environment: greenhouse, limitMS: 10_000) == [
        #"{"t":0,"type":"start","scripts":1}"#,
        #"{"t":0,"type":"output","name":"pump","value":1}"#,
        #"{"t":5000,"type":"output","name":"pump","value":0}"#,
        #"{"t":5000,"type":"end","reason":"finished"}"#,
      ])
  }
}
