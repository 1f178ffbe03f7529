import KocodeBoard

/// The world a VM runs in: what its sensors read and who hears about its
/// outputs. Times are board time in microseconds; the VM asks in
/// increasing time order.
public protocol Environment: AnyObject {
  /// The value a sensor block reads: percent, whole °C, or 0/1.
  func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32
  /// The raw reading 0...1023 of an analog channel (A0 = 0).
  func analogRaw(channel: Int, at timeUS: Int64) -> Int32
  /// The level of a digital pin (true = HIGH).
  func digitalLevel(pin: Int, at timeUS: Int64) -> Bool
  /// An output changed (index in the board definition's `outputs`).
  func outputChanged(index: Int, value: Int32, at timeUS: Int64)
}

/// The simulated greenhouse of `docs/greenhouse.md`: soil that dries
/// slowly and gets wet while the pump runs, a tank the pump drains, a
/// day of light starting at 08:00, a steady temperature and a button
/// nobody presses. Everything is computed in closed form from the pump's
/// on/off history, so simulating a day costs nothing.
public final class SimpleGreenhouse: Environment {
  /// The model's numbers; the defaults are the documented, stable ones.
  public struct Model: Sendable, Equatable {
    /// Soil moisture at the start, in percent.
    public var soilAtStart = 50
    /// How fast the soil dries while not watered, in percent per hour.
    public var dryingPercentPerHour = 2
    /// How fast the soil gets wet while the pump moves water, percent per second.
    public var wettingPercentPerSecond = 1
    /// Seconds of pumping a full tank holds.
    public var tankSeconds = 30 * 60
    /// Time of day at board time 0, in seconds after midnight.
    public var clockAtStart = 8 * 3600
    /// Light at full day, in percent.
    public var daylightPercent = 80
    /// Temperature, in whole degrees Celsius.
    public var temperature = 20

    public init() {}
  }

  public let model: Model
  public let overrides: SensorOverrides
  private let sensors: BoardSensors
  private let pumpIndex: Int?

  // The current piece of the piecewise-linear history, since the pump's last change.
  private var segmentStart: Int64 = 0
  /// Soil moisture at `segmentStart`, in millionths of a percent.
  private var segmentSoil: Int64
  /// Pumping time left in the tank at `segmentStart`, in microseconds.
  private var segmentTank: Int64
  private var pumpOn = false

  private static let fullSoil: Int64 = 100_000_000
  private static let microsecondsPerDay: Int64 = 86_400_000_000

  public init(
    board: BoardDefinition, overrides: SensorOverrides = SensorOverrides(),
    model: Model = Model()
  ) {
    self.model = model
    self.overrides = overrides
    self.sensors = BoardSensors(board: board)
    self.pumpIndex = board.outputIndex(named: "pump")
    self.segmentSoil = Int64(model.soilAtStart) * 1_000_000
    self.segmentTank = Int64(model.tankSeconds) * 1_000_000
  }

  public func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32 {
    if let value = overrides.value(of: sensor) { return Int32(clamping: value) }
    if let channel = sensors.channel(of: sensor) {
      let raw = Int(analogRaw(channel: channel, at: timeUS))
      return Int32(clamping: sensors.value(of: sensor, raw: raw))
    }
    if let pin = sensors.pin(of: sensor) {
      return Int32(sensors.value(of: sensor, level: digitalLevel(pin: pin, at: timeUS)))
    }
    return Int32(clamping: modelValue(sensor, at: timeUS))
  }

  public func analogRaw(channel: Int, at timeUS: Int64) -> Int32 {
    if let raw = overrides.analog[channel] { return Int32(clamping: raw) }
    guard let sensor = sensors.sensor(onChannel: channel) else { return 0 }
    let value = overrides.value(of: sensor) ?? modelValue(sensor, at: timeUS)
    return Int32(sensors.raw(of: sensor, value: value))
  }

  public func digitalLevel(pin: Int, at timeUS: Int64) -> Bool {
    guard let sensor = sensors.sensor(onPin: pin) else { return false }
    let value = overrides.value(of: sensor) ?? modelValue(sensor, at: timeUS)
    return sensors.level(of: sensor, value: value != 0)
  }

  public func outputChanged(index: Int, value: Int32, at timeUS: Int64) {
    guard index == pumpIndex, (value != 0) != pumpOn else { return }
    let state = state(at: timeUS)
    segmentStart = max(timeUS, segmentStart)
    segmentSoil = state.soil
    segmentTank = state.tank
    pumpOn = value != 0
  }

  /// What the model says a sensor reads, in the sensor's own units.
  public func modelValue(_ sensor: SensorKind, at timeUS: Int64) -> Int {
    switch sensor {
    case .soilMoisture: Int(state(at: timeUS).soil / 1_000_000)
    case .light: lightPercent(at: timeUS)
    case .temperature: model.temperature
    case .tankEmpty: state(at: timeUS).tank <= 0 ? 1 : 0
    case .button: 0
    }
  }

  /// Soil (millionths of a percent) and tank (microseconds of pumping
  /// left) at a time: the current segment's linear pieces, in closed form.
  private func state(at timeUS: Int64) -> (soil: Int64, tank: Int64) {
    let elapsed = max(0, timeUS - segmentStart)
    var soil = segmentSoil
    var tank = segmentTank
    var dryingTime = elapsed
    if pumpOn {
      // Water reaches the soil only while the tank holds some.
      let wetting = min(elapsed, tank)
      soil = min(Self.fullSoil, soil + wetting * Int64(model.wettingPercentPerSecond))
      tank -= wetting
      dryingTime = elapsed - wetting
    }
    // p % per hour is p / 3600 millionths of a percent per microsecond.
    soil -= dryingTime * Int64(model.dryingPercentPerHour) / 3600
    return (max(0, soil), tank)
  }

  /// Light over the day: dark from 21:00 to 05:00, rising to full day by
  /// 09:00, full until 17:00, falling to dark by 21:00.
  private func lightPercent(at timeUS: Int64) -> Int {
    let hour: Int64 = 3_600_000_000
    let clock = (Int64(model.clockAtStart) * 1_000_000 + timeUS) % Self.microsecondsPerDay
    let full = Int64(model.daylightPercent)
    switch clock {
    case ..<(5 * hour): return 0
    case ..<(9 * hour): return Int(full * (clock - 5 * hour) / (4 * hour))
    case ..<(17 * hour): return Int(full)
    case ..<(21 * hour): return Int(full * (21 * hour - clock) / (4 * hour))
    default: return 0
    }
  }
}
