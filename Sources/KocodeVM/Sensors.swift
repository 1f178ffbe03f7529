import KocodeBoard

/// The sensors a program reads through the sensor blocks, by their names
/// in board definitions and on the command line (`--set`).
public enum SensorKind: String, CaseIterable, Sendable {
  case soilMoisture = "soil_moisture"
  case light
  case temperature
  case tankEmpty = "tank_empty"
  case button
}

/// How a board wires its sensors and turns their readings into the values
/// the sensor blocks give, with the conversions of `board.md`: integer
/// arithmetic truncating toward zero, step by step as written.
public struct BoardSensors: Sendable {
  /// The highest reading of the 10-bit ADC.
  public static let adcMaximum = 1023

  /// One sensor as the board wires it.
  struct Wiring: Sendable {
    var channel: Int?
    var pin: Int?
    var conversion: BoardDefinition.Conversion?
    /// Digital sensors: a HIGH level means true.
    var activeHigh: Bool
    /// Analog sensors: the converted value of every reading 0...1023.
    var table: [Int]
    /// Analog sensors: for each value from the lowest to the highest one
    /// the table holds, a reading that converts to it.
    var inverse: [Int]
    /// Analog sensors: the lowest value, where `inverse` starts.
    var lowest: Int
  }

  private var wirings: [SensorKind: Wiring] = [:]

  public init(board: BoardDefinition) {
    for kind in SensorKind.allCases {
      guard let sensor = board.sensors[kind.rawValue] else { continue }
      var wiring = Wiring(
        channel: Self.number(in: sensor.pin, prefix: "A"),
        pin: Self.number(in: sensor.pin, prefix: "D"),
        conversion: sensor.conversion, activeHigh: sensor.activeHigh ?? true, table: [],
        inverse: [], lowest: 0)
      if wiring.channel != nil {
        wiring.table = (0...Self.adcMaximum).map {
          Self.convert(raw: $0, with: sensor.conversion)
        }
        wiring.inverse = Self.inverse(of: wiring.table)
        wiring.lowest = wiring.table.min() ?? 0
      }
      wirings[kind] = wiring
    }
  }

  /// The analog channel (A0 = 0) a sensor is wired to, if analog.
  public func channel(of sensor: SensorKind) -> Int? { wirings[sensor]?.channel }

  /// The digital pin (D2 = 2) a sensor is wired to, if digital.
  public func pin(of sensor: SensorKind) -> Int? { wirings[sensor]?.pin }

  /// The sensor wired to an analog channel.
  public func sensor(onChannel channel: Int) -> SensorKind? {
    SensorKind.allCases.first { wirings[$0]?.channel == channel }
  }

  /// The sensor wired to a digital pin.
  public func sensor(onPin pin: Int) -> SensorKind? {
    SensorKind.allCases.first { wirings[$0]?.pin == pin }
  }

  /// The value an analog sensor block reads for a raw reading.
  public func value(of sensor: SensorKind, raw: Int) -> Int {
    guard let table = wirings[sensor]?.table, !table.isEmpty else { return raw }
    return table[min(max(raw, 0), Self.adcMaximum)]
  }

  /// The value (0 or 1) a digital sensor block reads for a pin level.
  public func value(of sensor: SensorKind, level: Bool) -> Int {
    level == (wirings[sensor]?.activeHigh ?? true) ? 1 : 0
  }

  /// The pin level that makes a digital sensor read `value`.
  public func level(of sensor: SensorKind, value: Bool) -> Bool {
    value == (wirings[sensor]?.activeHigh ?? true)
  }

  /// A raw reading that an analog sensor converts back to `value`: the
  /// middle one of the readings that do; for a value out of the sensor's
  /// range, the reading of the nearest end.
  public func raw(of sensor: SensorKind, value: Int) -> Int {
    guard let wiring = wirings[sensor], !wiring.inverse.isEmpty else {
      return min(max(value, 0), Self.adcMaximum)
    }
    let index = min(max(value - wiring.lowest, 0), wiring.inverse.count - 1)
    return wiring.inverse[index]
  }

  /// The values an analog sensor can read (0...1 for a digital one).
  public func range(of sensor: SensorKind) -> ClosedRange<Int> {
    guard let table = wirings[sensor]?.table, let low = table.min(), let high = table.max()
    else { return 0...1 }
    return low...high
  }

  /// A conversion of `board.md` applied to a raw reading. An unknown kind,
  /// or a definition missing a number it needs, reads the raw value.
  public static func convert(raw: Int, with conversion: BoardDefinition.Conversion?) -> Int {
    guard let conversion else { return raw }
    switch conversion.kind {
    case "percent_between":
      guard let from = conversion.from, let to = conversion.to, from != to else { return raw }
      let percent = (raw - from) * 100 / (to - from)
      return min(max(percent, 0), 100)
    case "percent_of":
      guard let fullScale = conversion.fullScale, fullScale != 0 else { return raw }
      return raw * 100 / fullScale
    case "tmp36":
      guard let fullScale = conversion.fullScale, let vref = conversion.vrefMv,
        let offset = conversion.offsetMv, let perDegree = conversion.mvPerDegree,
        fullScale != 0, perDegree != 0
      else { return raw }
      let millivolts = raw * vref / fullScale
      return (millivolts - offset) / perDegree
    default:
      return raw
    }
  }

  /// For each value from the table's lowest to its highest, the middle
  /// reading of those that convert to it; a value no reading gives takes
  /// the reading of the nearest value below it.
  static func inverse(of table: [Int]) -> [Int] {
    guard let low = table.min(), let high = table.max() else { return [] }
    var first = [Int?](repeating: nil, count: high - low + 1)
    var last = first
    for (raw, value) in table.enumerated() {
      if first[value - low] == nil { first[value - low] = raw }
      last[value - low] = raw
    }
    var result: [Int] = []
    result.reserveCapacity(first.count)
    for index in first.indices {
      if let start = first[index], let end = last[index] {
        result.append((start + end) / 2)
      } else {
        result.append(result.last ?? 0)
      }
    }
    return result
  }

  /// The number after a pin's letter: `A0` → 0 for `A`, `D2` → 2 for `D`.
  static func number(in pin: String, prefix: Character) -> Int? {
    guard pin.first == prefix else { return nil }
    return Int(pin.dropFirst())
  }
}
