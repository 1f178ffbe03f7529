/// The greenhouse at one moment, in the model's own units.
public struct GreenhouseState: Sendable, Equatable {
  /// Board time, in microseconds.
  public var timeUS: Int64
  /// Soil moisture, in millionths of a percent.
  public var moisture: Int64
  /// Water left in the tank, in microlitres.
  public var tankUL: Int64
  /// Water the pump has taken from the tank since the start, in microlitres.
  public var waterUsedUL: Int64
  /// Water that drained out of the pot since the start, in microlitres.
  public var wasteUL: Int64
  /// Light, in percent.
  public var light: Int
  /// Air temperature, in tenths of a degree Celsius.
  public var temperatureTenths: Int
  public var pumpOn: Bool
  public var buttonPressed: Bool
  /// How long the pump ran with nothing left in the tank, in microseconds.
  public var dryRunUS: Int64

  public init(
    timeUS: Int64, moisture: Int64, tankUL: Int64, waterUsedUL: Int64, wasteUL: Int64,
    light: Int, temperatureTenths: Int, pumpOn: Bool, buttonPressed: Bool, dryRunUS: Int64
  ) {
    self.timeUS = timeUS
    self.moisture = moisture
    self.tankUL = tankUL
    self.waterUsedUL = waterUsedUL
    self.wasteUL = wasteUL
    self.light = light
    self.temperatureTenths = temperatureTenths
    self.pumpOn = pumpOn
    self.buttonPressed = buttonPressed
    self.dryRunUS = dryRunUS
  }

  /// Soil moisture in percent, with its fraction.
  public var moisturePercent: Double { Double(moisture) / 1_000_000 }
}

/// What each sensor block reads at one moment (without noise).
public struct GreenhouseReadings: Sendable, Equatable {
  public var soilMoisture: Int
  public var light: Int
  public var temperature: Int
  public var tankEmpty: Bool
  public var button: Bool

  public init(soilMoisture: Int, light: Int, temperature: Int, tankEmpty: Bool, button: Bool) {
    self.soilMoisture = soilMoisture
    self.light = light
    self.temperature = temperature
    self.tankEmpty = tankEmpty
    self.button = button
  }

  /// A sensor's value, booleans as 0 or 1.
  public subscript(sensor: SensorKind) -> Int {
    switch sensor {
    case .soilMoisture: soilMoisture
    case .light: light
    case .temperature: temperature
    case .tankEmpty: tankEmpty ? 1 : 0
    case .button: button ? 1 : 0
    }
  }
}
