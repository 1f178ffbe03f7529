import KocodeBoard
import KocodeBytecode
import KocodeVM
import Testing

/// The simulated greenhouse, the board's conversions and `--set`.
@Suite struct GreenhouseTests {
  let board = Fixtures.board
  let hourUS: Int64 = 3_600_000_000

  @Test func conversionsFollowTheBoard() {
    let sensors = BoardSensors(board: board)
    #expect(sensors.value(of: .soilMoisture, raw: 620) == 0)
    #expect(sensors.value(of: .soilMoisture, raw: 290) == 100)
    #expect(sensors.value(of: .soilMoisture, raw: 455) == 50)
    #expect(sensors.value(of: .soilMoisture, raw: 456) == 49)
    #expect(sensors.value(of: .soilMoisture, raw: 1000) == 0)
    #expect(sensors.value(of: .soilMoisture, raw: 0) == 100)
    #expect(sensors.value(of: .light, raw: 1023) == 100)
    #expect(sensors.value(of: .light, raw: 1022) == 99)
    #expect(sensors.value(of: .temperature, raw: 0) == -50)
    #expect(sensors.value(of: .temperature, raw: 144) == 20)
    // mV = 20 × 5000 / 1023 = 97; (97 − 500) / 10 truncates toward zero to −40.
    #expect(sensors.value(of: .temperature, raw: 20) == -40)
    #expect(sensors.value(of: .temperature, raw: 1023) == 450)
    #expect(sensors.value(of: .tankEmpty, level: true) == 1)
    #expect(sensors.value(of: .button, level: true) == 0)
    #expect(sensors.value(of: .button, level: false) == 1)
  }

  @Test func everyValueSurvivesTheCalibrationRoundTrip() {
    let sensors = BoardSensors(board: board)
    for sensor in [SensorKind.soilMoisture, .light, .temperature] {
      for value in sensors.range(of: sensor) {
        #expect(sensors.value(of: sensor, raw: sensors.raw(of: sensor, value: value)) == value)
      }
    }
    #expect(sensors.range(of: .temperature) == -50...450)
  }

  @Test func defaultsAtTheStart() {
    let greenhouse = SimpleGreenhouse(board: board)
    #expect(greenhouse.reading(.soilMoisture, at: 0) == 50)
    #expect(greenhouse.reading(.light, at: 0) == 60)
    #expect(greenhouse.reading(.temperature, at: 0) == 20)
    #expect(greenhouse.reading(.tankEmpty, at: 0) == 0)
    #expect(greenhouse.reading(.button, at: 0) == 0)
    #expect(greenhouse.digitalLevel(pin: 2, at: 0) == false)
    #expect(greenhouse.digitalLevel(pin: 3, at: 0) == true)
    // 452...455 all read 50 %: the middle one, as docs/greenhouse.md says.
    #expect(greenhouse.analogRaw(channel: 0, at: 0) == 453)
    let sensors = BoardSensors(board: board)
    #expect(
      sensors.value(of: .soilMoisture, raw: Int(greenhouse.analogRaw(channel: 0, at: 0))) == 50)
  }

  @Test func soilDriesTwoPercentAnHour() {
    let greenhouse = SimpleGreenhouse(board: board)
    #expect(greenhouse.reading(.soilMoisture, at: hourUS) == 48)
    #expect(greenhouse.reading(.soilMoisture, at: 10 * hourUS) == 30)
    #expect(greenhouse.reading(.soilMoisture, at: 100 * hourUS) == 0)
  }

  @Test func pumpingWetsTheSoilOnePercentASecond() {
    let greenhouse = SimpleGreenhouse(board: board)
    greenhouse.outputChanged(index: Fixtures.pump, value: 1, at: 0)
    #expect(greenhouse.reading(.soilMoisture, at: 10_000_000) == 60)
    #expect(greenhouse.reading(.soilMoisture, at: 80_000_000) == 100)
    greenhouse.outputChanged(index: Fixtures.pump, value: 0, at: 10_000_000)
    #expect(greenhouse.reading(.soilMoisture, at: 10_000_000 + hourUS) == 58)
  }

  @Test func theTankHoldsThirtyMinutesOfPumping() {
    let greenhouse = SimpleGreenhouse(board: board)
    greenhouse.outputChanged(index: Fixtures.pump, value: 1, at: 0)
    #expect(greenhouse.reading(.tankEmpty, at: 1_799_999_999) == 0)
    #expect(greenhouse.reading(.tankEmpty, at: 1_800_000_000) == 1)
    // Once dry, the soil dries again even with the pump on.
    #expect(greenhouse.reading(.soilMoisture, at: 1_800_000_000) == 100)
    #expect(greenhouse.reading(.soilMoisture, at: 1_800_000_000 + hourUS) == 98)
  }

  @Test func lightFollowsTheDay() {
    let greenhouse = SimpleGreenhouse(board: board)
    #expect(greenhouse.reading(.light, at: 4 * hourUS) == 80)
    #expect(greenhouse.reading(.light, at: 11 * hourUS) == 40)
    #expect(greenhouse.reading(.light, at: 16 * hourUS) == 0)
    #expect(greenhouse.reading(.light, at: 24 * hourUS) == 60)
  }

  @Test func aSetSensorReadsExactlyItsValue() {
    var overrides = SensorOverrides()
    overrides.soilMoisture = 37
    overrides.temperature = -12
    overrides.tankEmpty = true
    overrides.button = true
    let greenhouse = SimpleGreenhouse(board: board, overrides: overrides)
    #expect(greenhouse.reading(.soilMoisture, at: 10 * hourUS) == 37)
    #expect(greenhouse.reading(.temperature, at: 0) == -12)
    #expect(greenhouse.reading(.tankEmpty, at: 0) == 1)
    #expect(greenhouse.reading(.button, at: 0) == 1)
    #expect(greenhouse.digitalLevel(pin: 2, at: 0) == true)
    #expect(greenhouse.digitalLevel(pin: 3, at: 0) == false)
    let sensors = BoardSensors(board: board)
    #expect(
      sensors.value(of: .soilMoisture, raw: Int(greenhouse.analogRaw(channel: 0, at: 0))) == 37)
  }

  @Test func aSetRawPinReadsExactlyAndItsSensorConvertsIt() {
    var overrides = SensorOverrides()
    overrides.analog[0] = 456
    overrides.analog[4] = 777
    let greenhouse = SimpleGreenhouse(board: board, overrides: overrides)
    #expect(greenhouse.analogRaw(channel: 0, at: 0) == 456)
    #expect(greenhouse.reading(.soilMoisture, at: 0) == 49)
    #expect(greenhouse.analogRaw(channel: 4, at: 0) == 777)
    #expect(greenhouse.analogRaw(channel: 5, at: 0) == 0)
  }

  @Test func settingFromTheCommandLine() throws {
    var overrides = SensorOverrides()
    try overrides.set("soil_moisture", to: 20, board: board)
    try overrides.set("tank_empty", to: 1, board: board)
    try overrides.set("a3", to: 1023, board: board)
    #expect(overrides.soilMoisture == 20 && overrides.tankEmpty == true)
    #expect(overrides.analog == [3: 1023])
    #expect(throws: SensorOverrides.Problem.unknownSensor("humidity")) {
      try overrides.set("humidity", to: 1, board: board)
    }
    #expect(throws: SensorOverrides.Problem.unknownSensor("a6")) {
      try overrides.set("a6", to: 1, board: board)
    }
    #expect(throws: SensorOverrides.Problem.outOfRange("light", 0...100)) {
      try overrides.set("light", to: 101, board: board)
    }
    #expect(throws: SensorOverrides.Problem.outOfRange("button", 0...1)) {
      try overrides.set("button", to: 2, board: board)
    }
    #expect(throws: SensorOverrides.Problem.conflict("soil_moisture", "a0")) {
      try overrides.set("a0", to: 500, board: board)
    }
    var other = SensorOverrides()
    try other.set("a1", to: 500, board: board)
    #expect(throws: SensorOverrides.Problem.conflict("light", "a1")) {
      try other.set("light", to: 5, board: board)
    }
  }

  @Test func aDayOfWateringSimulatesQuickly() {
    // Every minute: if the soil is below 45 %, water for 5 s.
    let image = Fixtures.image { a in
      a.script("kocode_every")
      a.label("top")
      a.emit(.pushI8, 60)
      a.emit(.everyBegin)
      a.emit(.soil)
      a.emit(.pushI8, 45)
      a.emit(.lt)
      a.emit(.jumpIfFalse, "next")
      SafetyTests.water(&a, seconds: 5)
      a.label("next")
      a.emit(.everyNext, "top")
    }
    let greenhouse = SimpleGreenhouse(board: board)
    let machine = Machine(image: image, board: board, environment: greenhouse)
    let events = machine.trace(limitUS: 24 * hourUS)
    let waterings = events.filter { $0 == .output(timeMS: $0.timeMS, name: "pump", value: 1) }
    #expect(events.last == .end(timeMS: 24 * 3_600_000, reason: .timeLimit))
    #expect(waterings.count >= 5 && waterings.count <= 15)
    #expect(machine.instructionCount < 20_000)
    #expect(greenhouse.reading(.soilMoisture, at: 24 * hourUS) >= 44)
  }
}
