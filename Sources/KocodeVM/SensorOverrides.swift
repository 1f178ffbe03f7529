import KocodeBoard

/// Sensors fixed for a whole run (`kocode run --set SENSOR=VALUE`). A set
/// sensor reads exactly its value, with no calibration round trip; its pin
/// reads a raw value that converts back to it. A set raw pin (`a0`) reads
/// exactly its value, and the sensor wired to it reads its conversion.
public struct SensorOverrides: Sendable, Equatable {
  /// Percent.
  public var soilMoisture: Int?
  /// Percent.
  public var light: Int?
  /// Whole degrees Celsius.
  public var temperature: Int?
  public var tankEmpty: Bool?
  /// True while pressed.
  public var button: Bool?
  /// Raw readings 0...1023 of A0...A5, by channel.
  public var analog: [Int: Int] = [:]

  /// Why a `--set` is refused; the command line turns it into words.
  public enum Problem: Error, Equatable, Sendable {
    /// No sensor or raw pin has that name.
    case unknownSensor(String)
    /// The value is outside what the sensor can read.
    case outOfRange(String, ClosedRange<Int>)
    /// A sensor and the raw pin it is wired to were both set.
    case conflict(String, String)
  }

  public init() {}

  /// The value a sensor is set to, in its own units (0 or 1 for booleans).
  public func value(of sensor: SensorKind) -> Int? {
    switch sensor {
    case .soilMoisture: soilMoisture
    case .light: light
    case .temperature: temperature
    case .tankEmpty: tankEmpty.map { $0 ? 1 : 0 }
    case .button: button.map { $0 ? 1 : 0 }
    }
  }

  /// Sets a sensor or a raw pin by its command-line name (`soil_moisture`,
  /// `a0`…), checking the value against what the board can read and
  /// refusing a sensor and its own raw pin together.
  public mutating func set(
    _ name: String, to value: Int, board: BoardDefinition
  ) throws(Problem) {
    let sensors = BoardSensors(board: board)
    if let sensor = SensorKind(rawValue: name) {
      let range = sensors.range(of: sensor)
      guard range.contains(value) else { throw .outOfRange(name, range) }
      if let channel = sensors.channel(of: sensor), analog[channel] != nil {
        throw .conflict(name, "a\(channel)")
      }
      assign(value, to: sensor)
      return
    }
    guard let channel = BoardSensors.number(in: name, prefix: "a"),
      name == "a\(channel)", board.analogInputs.contains("A\(channel)")
    else { throw .unknownSensor(name) }
    guard (0...BoardSensors.adcMaximum).contains(value) else {
      throw .outOfRange(name, 0...BoardSensors.adcMaximum)
    }
    if let sensor = sensors.sensor(onChannel: channel), self.value(of: sensor) != nil {
      throw .conflict(sensor.rawValue, name)
    }
    analog[channel] = value
  }

  private mutating func assign(_ value: Int, to sensor: SensorKind) {
    switch sensor {
    case .soilMoisture: soilMoisture = value
    case .light: light = value
    case .temperature: temperature = value
    case .tankEmpty: tankEmpty = value != 0
    case .button: button = value != 0
    }
  }
}
