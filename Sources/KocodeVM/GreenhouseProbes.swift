import KocodeBoard

/// The greenhouse's analog sensors as real parts: the raw reading each one
/// gives for the model's physical value (the inverse of the board's
/// conversion, to the nearest count), plus optional noise.
struct GreenhouseProbes: Sendable {
  /// Physical values are fixed point: millionths of a percent or of a degree.
  static let unit: Int64 = 1_000_000
  /// The noise holds still for this long, like one grid sample of the VM.
  static let noiseStepUS: Int64 = 10_000

  let sensors: BoardSensors
  let noise: Int64
  let seed: UInt64
  // The board's wiring in arrays, by `SensorKind.ordinal`, pin and channel:
  // the VM reads sensors millions of times in a day and a dictionary
  // lookup would cost more than the whole model.
  let conversions: [BoardDefinition.Conversion?]
  /// Analog sensors: the block's value for every raw reading 0...1023.
  let tables: [[Int]]
  let channels: [Int?]
  let pins: [Int?]
  let activeHigh: [Bool]
  let onChannel: [SensorKind?]
  let onPin: [SensorKind?]

  init(board: BoardDefinition, model: Greenhouse.Model) {
    let sensors = BoardSensors(board: board)
    self.sensors = sensors
    let kinds = SensorKind.allCases
    conversions = kinds.map { board.sensors[$0.rawValue]?.conversion }
    channels = kinds.map { sensors.channel(of: $0) }
    pins = kinds.map { sensors.pin(of: $0) }
    activeHigh = kinds.map { sensors.level(of: $0, value: true) }
    tables = kinds.map { kind in
      sensors.channel(of: kind) == nil
        ? [] : (0...BoardSensors.adcMaximum).map { sensors.value(of: kind, raw: $0) }
    }
    onChannel = (0..<16).map { sensors.sensor(onChannel: $0) }
    onPin = (0..<64).map { sensors.sensor(onPin: $0) }
    noise = Int64(min(max(model.noise, 0), BoardSensors.adcMaximum))
    seed = model.noiseSeed
  }

  func channel(of sensor: SensorKind) -> Int? { channels[sensor.ordinal] }

  func pin(of sensor: SensorKind) -> Int? { pins[sensor.ordinal] }

  func sensor(onChannel channel: Int) -> SensorKind? {
    onChannel.indices.contains(channel) ? onChannel[channel] : nil
  }

  func sensor(onPin pin: Int) -> SensorKind? {
    onPin.indices.contains(pin) ? onPin[pin] : nil
  }

  /// The pin level that makes a digital sensor read `value`.
  func level(of sensor: SensorKind, value: Bool) -> Bool {
    value == activeHigh[sensor.ordinal]
  }

  /// The value (0 or 1) a digital sensor block reads for a pin level.
  func value(of sensor: SensorKind, level: Bool) -> Int {
    level == activeHigh[sensor.ordinal] ? 1 : 0
  }

  /// The raw reading of an analog sensor for a physical value in millionths
  /// of its unit, without noise: the reading nearest the probe's straight
  /// line that the board converts to the value's whole part (a calibrated
  /// probe), so 80 % of light reads 80, not 79 through a truncation.
  func raw(of sensor: SensorKind, physical amount: Int64) -> Int {
    let whole = Int(Self.floorDivision(amount, Self.unit))
    guard let line = Self.raw(physical: amount, conversion: conversions[sensor.ordinal]) else {
      return sensors.raw(of: sensor, value: whole)
    }
    let raw = Int(min(max(line, 0), Int64(BoardSensors.adcMaximum)))
    guard value(of: sensor, raw: raw) != whole else { return raw }
    for step in 1...3 {
      for candidate in [raw - step, raw + step]
      where (0...BoardSensors.adcMaximum).contains(candidate)
        && value(of: sensor, raw: candidate) == whole
      {
        return candidate
      }
    }
    return raw
  }

  static func floorDivision(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    let quotient = numerator / denominator
    return numerator % denominator < 0 ? quotient - 1 : quotient
  }

  /// The same reading with the noise of that channel at that time.
  func noisyRaw(of sensor: SensorKind, physical value: Int64, channel: Int, at timeUS: Int64)
    -> Int
  {
    let clean = raw(of: sensor, physical: value)
    guard noise > 0 else { return clean }
    return min(max(clean + offset(channel: channel, at: timeUS), 0), BoardSensors.adcMaximum)
  }

  /// The sensor block's value for a raw reading (the board's conversion).
  func value(of sensor: SensorKind, raw: Int) -> Int {
    let table = tables[sensor.ordinal]
    guard !table.isEmpty else { return raw }
    return table[min(max(raw, 0), BoardSensors.adcMaximum)]
  }

  /// The inverse of a conversion of `board.md`, to the nearest count; nil
  /// for a conversion this model does not know.
  static func raw(physical value: Int64, conversion: BoardDefinition.Conversion?) -> Int64? {
    guard let conversion else { return nil }
    let hundred = 100 * unit
    switch conversion.kind {
    case "percent_between":
      guard let from = conversion.from, let to = conversion.to else { return nil }
      return Int64(from) + nearest(Int64(to - from) * value, hundred)
    case "percent_of":
      guard let fullScale = conversion.fullScale else { return nil }
      return nearest(value * Int64(fullScale), hundred)
    case "tmp36":
      guard let fullScale = conversion.fullScale, let vref = conversion.vrefMv,
        let offset = conversion.offsetMv, let perDegree = conversion.mvPerDegree, vref > 0
      else { return nil }
      let microvolts = Int64(offset) * unit + value * Int64(perDegree)
      return nearest(microvolts * Int64(fullScale), Int64(vref) * unit)
    default:
      return nil
    }
  }

  /// `numerator / denominator` rounded to the nearest whole number, halves
  /// up, for a positive denominator.
  static func nearest(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    let doubled = 2 * numerator + denominator
    let quotient = doubled / (2 * denominator)
    // Division truncates toward zero; rounding needs the floor.
    return doubled % (2 * denominator) < 0 ? quotient - 1 : quotient
  }

  /// The noise of one channel at one time: a whole number from −noise to
  /// +noise, drawn from the seed, the channel and the 10 ms slot alone, so
  /// that reading a sensor never changes a later reading.
  func offset(channel: Int, at timeUS: Int64) -> Int {
    let slot = UInt64(bitPattern: timeUS / Self.noiseStepUS)
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    state ^= UInt64(channel &+ 1) &* 0xBF58_476D_1CE4_E5B9
    state ^= slot &* 0x94D0_49BB_1331_11EB
    // SplitMix64's finaliser spreads every input bit over the result.
    state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
    state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
    state ^= state >> 31
    let span = UInt64(2 * noise + 1)
    return Int(state % span) - Int(noise)
  }
}

extension SensorKind {
  /// The sensor's place in `allCases`, for arrays indexed by sensor.
  var ordinal: Int {
    switch self {
    case .soilMoisture: 0
    case .light: 1
    case .temperature: 2
    case .tankEmpty: 3
    case .button: 4
    }
  }
}
