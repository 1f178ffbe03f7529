import KocodeBoard
import KocodeBytecode
import KocodeVM
import Testing

/// The simulated greenhouse against `docs/greenhouse.md`: its defaults, its
/// equations, the board's conversions and `--set`.
@Suite struct GreenhouseTests {
  let board = Fixtures.board
  let secondUS: Int64 = 1_000_000
  let hourUS: Int64 = 3_600_000_000
  /// Millionths of a percent.
  let percent: Int64 = 1_000_000

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
    let greenhouse = Greenhouse(board: board)
    #expect(greenhouse.reading(.soilMoisture, at: 0) == 50)
    // 08:00 is three quarters of the way up the morning's rise to 80 %.
    #expect(greenhouse.reading(.light, at: 0) == 60)
    // 16 °C + 10 °C × 60 / 80 = 23.5 °C, and the block reads whole degrees.
    #expect(greenhouse.reading(.temperature, at: 0) == 23)
    #expect(greenhouse.reading(.tankEmpty, at: 0) == 0)
    #expect(greenhouse.reading(.button, at: 0) == 0)
    #expect(greenhouse.digitalLevel(pin: 2, at: 0) == false)
    #expect(greenhouse.digitalLevel(pin: 3, at: 0) == true)
    // The probe's line: 620 + (290 − 620) × 50 / 100 = 455.
    #expect(greenhouse.analogRaw(channel: 0, at: 0) == 455)
    // 60 % of 1023 is 613.8: the nearest count, 614, reads 60.
    #expect(greenhouse.analogRaw(channel: 1, at: 0) == 614)
    let state = greenhouse.state(at: 0)
    #expect(state.moisture == 50 * percent)
    #expect(state.tankUL == 5_000_000)
    #expect(state.waterUsedUL == 0 && state.wasteUL == 0)
  }

  @Test func theSoilFallsFromSixtyToThirtyPercentInThirtySevenAndAHalfHours() {
    // No daylight: 16 °C all the time, so 1 % an hour × (1 + 5 % × (16 − 20)) = 0.8 % an hour.
    var model = Greenhouse.Model()
    model.startMoisture = 60
    model.dayLengthSeconds = 0
    let greenhouse = Greenhouse(board: board, model: model)
    let crossing = 37 * hourUS + hourUS / 2
    #expect(greenhouse.state(at: crossing - secondUS).moisture > 30 * percent)
    #expect(greenhouse.state(at: crossing).moisture == 30 * percent)
    #expect(greenhouse.reading(.soilMoisture, at: crossing) == 30)
  }

  @Test func theSoilDriesLikeTheDocumentedEquationsOverADay() {
    // The equations of docs/greenhouse.md, in floating point, a second at a time.
    var model = Greenhouse.Model()
    model.startMoisture = 60
    let greenhouse = Greenhouse(board: board, model: model)
    var moisture = 60.0
    var seconds = 0
    while moisture > 30 {
      let clock = Double((8 * 3600 + seconds) % 86_400) / 3600
      let sinceSunrise = clock - 5
      let light =
        sinceSunrise < 0 || sinceSunrise >= 16
        ? 0.0 : (80 * min(sinceSunrise, 16 - sinceSunrise, 4) / 4).rounded(.down)
      // Tenths of a degree, truncated, as the model keeps them.
      let temperature = (160 + 100 * light / 80).rounded(.down) / 10
      let rate = 1.0 * (1 + 1.5 * light / 100) * max(0, 1 + 0.05 * (temperature - 20))
      moisture -= rate / 3600
      seconds += 1
    }
    let modelled = greenhouse.state(at: Int64(seconds) * secondUS).moisture
    let justBefore = greenhouse.state(at: Int64(seconds - 5) * secondUS).moisture
    #expect(abs(modelled - 30 * percent) < percent / 100)
    #expect(justBefore > 30 * percent - percent / 100)
    // From 60 % at 08:00 the soil reaches 30 % in the evening.
    #expect((9 * 3600...14 * 3600).contains(seconds))
  }

  @Test func pumpedWaterReachesTheProbeFiveSecondsLater() {
    var model = Greenhouse.Model()
    model.dayLengthSeconds = 0
    model.evaporation = 0
    let greenhouse = Greenhouse(board: board, model: model)
    greenhouse.outputChanged(index: Fixtures.pump, value: 1, at: 0)
    // 10 mL a second leave the tank at once; 10 mL is 1 % of moisture.
    #expect(greenhouse.state(at: 2 * secondUS).tankUL == 4_980_000)
    #expect(greenhouse.reading(.soilMoisture, at: 5 * secondUS) == 50)
    #expect(greenhouse.reading(.soilMoisture, at: 6 * secondUS) == 51)
    greenhouse.outputChanged(index: Fixtures.pump, value: 0, at: 10 * secondUS)
    #expect(greenhouse.state(at: 10 * secondUS).tankUL == 4_900_000)
    #expect(greenhouse.state(at: 10 * secondUS).waterUsedUL == 100_000)
    #expect(greenhouse.reading(.soilMoisture, at: 15 * secondUS) == 60)
    #expect(greenhouse.state(at: 20 * secondUS).moisture == 60 * percent)
  }

  @Test func waterAboveTheDrainLimitIsWaste() {
    var model = Greenhouse.Model()
    model.startMoisture = 80
    model.evaporation = 0
    let greenhouse = Greenhouse(board: board, model: model)
    greenhouse.outputChanged(index: Fixtures.pump, value: 1, at: 0)
    greenhouse.outputChanged(index: Fixtures.pump, value: 0, at: 20 * secondUS)
    let later = greenhouse.state(at: 10 * 60 * secondUS)
    // 200 mL went in: 5 % fill the pot up to 85 %, the other 15 % (150 mL) drain away.
    #expect(later.waterUsedUL == 200_000)
    #expect(abs(later.moisture - 85 * percent) < percent / 1000)
    #expect(abs(later.wasteUL - 150_000) < 10)
  }

  @Test func theFloatSwitchTripsAtItsLevel() {
    var model = Greenhouse.Model()
    model.tankMl = 420
    let greenhouse = Greenhouse(board: board, model: model)
    greenhouse.outputChanged(index: Fixtures.pump, value: 1, at: 0)
    // 220 mL above the 200 mL mark, at 10 mL/s: 22 s of pumping.
    #expect(greenhouse.reading(.tankEmpty, at: 22 * secondUS - 1) == 0)
    #expect(greenhouse.reading(.tankEmpty, at: 22 * secondUS) == 1)
    #expect(greenhouse.digitalLevel(pin: 2, at: 22 * secondUS) == true)
    // With the switch ignored (as `--set tank_empty=0` would), the pump runs dry at 42 s.
    #expect(greenhouse.state(at: 42 * secondUS).dryRunUS == 0)
    #expect(greenhouse.state(at: 50 * secondUS).dryRunUS == 8 * secondUS)
    #expect(greenhouse.state(at: 50 * secondUS).tankUL == 0)
  }

  @Test func tankSecondsSizesTheTankForTheFlow() {
    var model = Greenhouse.Model()
    model.tankSeconds = 5
    #expect(model.tankMl == 250)
    #expect(model.tankSeconds == 5)
    #expect(Greenhouse.Model().tankSeconds == 480)
  }

  @Test func lightAndTemperatureFollowTheDay() {
    let greenhouse = Greenhouse(board: board)
    #expect(greenhouse.reading(.light, at: 4 * hourUS) == 80)
    #expect(greenhouse.reading(.temperature, at: 4 * hourUS) == 26)
    #expect(greenhouse.reading(.light, at: 11 * hourUS) == 40)
    #expect(greenhouse.reading(.light, at: 16 * hourUS) == 0)
    #expect(greenhouse.reading(.temperature, at: 16 * hourUS) == 16)
    #expect(greenhouse.reading(.light, at: 24 * hourUS) == 60)
    var model = Greenhouse.Model()
    model.dayLengthSeconds = 12 * 3600
    model.startTimeSeconds = 0
    let winter = Greenhouse(board: board, model: model)
    // Sunrise 07:00, full light from 10:00 to 16:00, dark from 19:00.
    #expect(winter.reading(.light, at: 7 * hourUS) == 0)
    #expect(winter.reading(.light, at: 8 * hourUS + hourUS / 2) == 40)
    #expect(winter.reading(.light, at: 13 * hourUS) == 80)
    #expect(winter.reading(.light, at: 19 * hourUS) == 0)
  }

  @Test func noiseIsBoundedSeededAndIndependentOfWhoReads() {
    var model = Greenhouse.Model()
    model.noise = 3
    model.noiseSeed = 42
    let noisy = Greenhouse(board: board, model: model)
    let other = Greenhouse(board: board, model: model)
    model.noiseSeed = 43
    let reseeded = Greenhouse(board: board, model: model)
    let clean = Greenhouse(board: board)
    var differences = Set<Int32>()
    var sameAsReseeded = true
    for step in 0..<500 {
      let time = Int64(step) * 10_000
      let raw = noisy.analogRaw(channel: 0, at: time)
      differences.insert(raw - clean.analogRaw(channel: 0, at: time))
      // Reading again, or reading other sensors in between, changes nothing.
      _ = other.analogRaw(channel: 1, at: time)
      #expect(other.analogRaw(channel: 0, at: time) == raw)
      if reseeded.analogRaw(channel: 0, at: time) != raw { sameAsReseeded = false }
    }
    #expect(differences == Set(-3...3))
    #expect(!sameAsReseeded)
  }

  @Test func theSoilIsTheSameWhoeverAsksAndHowOften() {
    let often = Greenhouse(board: board)
    let seldom = Greenhouse(board: board)
    let changes: [(Int64, Int32)] = [(3_500_000, 1), (9_250_000, 0), (700_000_000, 1)]
    var index = 0
    for second in 0..<800 {
      let time = Int64(second) * secondUS + 123
      while index < changes.count, changes[index].0 <= time {
        often.outputChanged(index: Fixtures.pump, value: changes[index].1, at: changes[index].0)
        seldom.outputChanged(index: Fixtures.pump, value: changes[index].1, at: changes[index].0)
        index += 1
      }
      _ = often.reading(.soilMoisture, at: time)
    }
    let end = 800 * secondUS
    #expect(often.state(at: end) == seldom.state(at: end))
  }

  @Test func theButtonIsPressedOnSchedule() {
    var model = Greenhouse.Model()
    model.buttonPresses = [ButtonPress(startUS: 10 * secondUS, lengthUS: 2 * secondUS)]
    let greenhouse = Greenhouse(board: board, model: model)
    #expect(greenhouse.reading(.button, at: 10 * secondUS - 1) == 0)
    #expect(greenhouse.reading(.button, at: 10 * secondUS) == 1)
    #expect(greenhouse.digitalLevel(pin: 3, at: 11 * secondUS) == false)
    #expect(greenhouse.reading(.button, at: 12 * secondUS) == 0)
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
    let greenhouse = Greenhouse(board: board)
    let machine = Machine(image: image, board: board, environment: greenhouse)
    let events = machine.trace(limitUS: 24 * hourUS)
    let waterings = events.filter { $0 == .output(timeMS: $0.timeMS, name: "pump", value: 1) }
    #expect(events.last == .end(timeMS: 24 * 3_600_000, reason: .timeLimit))
    #expect(waterings.count >= 5 && waterings.count <= 15)
    #expect(machine.instructionCount < 20_000)
    #expect(greenhouse.reading(.soilMoisture, at: 24 * hourUS) >= 44)
  }

  @Test func aYearOfDrySoilCostsNothing() {
    let greenhouse = Greenhouse(board: board)
    let year = 365 * 24 * hourUS
    #expect(greenhouse.reading(.soilMoisture, at: year) == 0)
    #expect(greenhouse.reading(.light, at: year) == 60)
  }
}
