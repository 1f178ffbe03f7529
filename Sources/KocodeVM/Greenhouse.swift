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

/// The name the first, simpler model had; it is the same greenhouse.
public typealias SimpleGreenhouse = Greenhouse

/// The simulated greenhouse of `docs/greenhouse.md`: soil that dries
/// faster in light and heat, a pump that moves water from a tank into the
/// soil (the probe sees it a few seconds later), a pot that drains what it
/// cannot hold, a day of light and warmth, a button pressed on a schedule.
///
/// The soil advances in steps of one second of board time, only when
/// someone asks: a sensor read, a pump change, a recorder or the end of a
/// run. The tank follows the pump exactly. Every reading goes through the
/// probe's raw value and the board's conversion, as on the real board.
public final class Greenhouse: Environment {
  /// One step of the soil's integration.
  public static let stepUS: Int64 = 1_000_000

  public let model: Model
  public let overrides: SensorOverrides
  /// Told of every step of the soil, with the state at its end (recorders).
  public var stepObserver: ((GreenhouseState) -> Void)?
  /// How many times the pump went on.
  public private(set) var pumpStarts = 0

  let probes: GreenhouseProbes
  let sky: GreenhouseSky
  let pumpIndex: Int?
  let hasRawOverrides: Bool
  let capacityUL: Int64
  let emptyUL: Int64
  /// Pumping time that empties the whole tank, in microseconds.
  let drainTimeUS: Int64

  // The soil: the state holds from `step` seconds until the next step.
  var step: Int64 = 0
  /// Soil moisture in millionths of a percent.
  var moisture: Int64
  /// Water drained out of the pot, in millionths of a percent of moisture.
  var drained: Int64 = 0
  /// What the last second's evaporation left over after its division.
  var evaporationCarry: Int64 = 0
  /// Water on its way to the probe, in microlitres, by arrival step.
  var transit: [Int64]
  var transitTotal: Int64 = 0
  /// Water out of the tank when the current step began, in microlitres.
  var deliveredAtStep: Int64 = 0

  // The pump, exactly: pumping time before its last change, and that change.
  var pumpOn = false
  var pumpChangeUS: Int64 = 0
  var pumpedBeforeChangeUS: Int64 = 0

  public init(
    board: BoardDefinition, overrides: SensorOverrides = SensorOverrides(),
    model: Model = Model()
  ) {
    self.model = model
    self.overrides = overrides
    probes = GreenhouseProbes(board: board, model: model)
    sky = GreenhouseSky(model: model)
    pumpIndex = board.outputIndex(named: "pump")
    hasRawOverrides = !overrides.analog.isEmpty
    capacityUL = Int64(max(model.tankMl, 0)) * 1000
    emptyUL = Int64(model.tankEmptyMl) * 1000
    let flow = Int64(max(model.pumpFlowMl, 0))
    drainTimeUS = flow > 0 ? (capacityUL * 1000 + flow - 1) / flow : Int64.max
    moisture = Int64(min(max(model.startMoisture, 0), 100)) * GreenhouseProbes.unit
    transit = Array(repeating: 0, count: min(max(model.soakSeconds, 0), 3600) + 1)
  }

  // MARK: - Environment

  public func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32 {
    if let value = overrides.value(of: sensor) { return Int32(clamping: value) }
    if let channel = probes.channel(of: sensor) {
      let raw = Int(analogRaw(channel: channel, at: timeUS))
      return Int32(clamping: probes.value(of: sensor, raw: raw))
    }
    if let pin = probes.pin(of: sensor) {
      return Int32(probes.value(of: sensor, level: digitalLevel(pin: pin, at: timeUS)))
    }
    return Int32(clamping: modelValue(sensor, at: timeUS))
  }

  public func analogRaw(channel: Int, at timeUS: Int64) -> Int32 {
    if hasRawOverrides, let raw = overrides.analog[channel] { return Int32(clamping: raw) }
    guard let sensor = probes.sensor(onChannel: channel) else { return 0 }
    if let value = overrides.value(of: sensor) {
      return Int32(probes.sensors.raw(of: sensor, value: value))
    }
    let physical = physicalValue(sensor, at: timeUS)
    return Int32(probes.noisyRaw(of: sensor, physical: physical, channel: channel, at: timeUS))
  }

  public func digitalLevel(pin: Int, at timeUS: Int64) -> Bool {
    guard let sensor = probes.sensor(onPin: pin) else { return false }
    let value = overrides.value(of: sensor) ?? switchValue(sensor, at: timeUS)
    return probes.level(of: sensor, value: value != 0)
  }

  public func outputChanged(index: Int, value: Int32, at timeUS: Int64) {
    guard index == pumpIndex, (value != 0) != pumpOn else { return }
    advance(to: timeUS)
    // A change is never earlier than what the soil has already taken into account.
    let time = max(timeUS, pumpChangeUS, step * Self.stepUS)
    pumpedBeforeChangeUS = pumpedTime(at: time)
    pumpChangeUS = time
    pumpOn = value != 0
    if pumpOn { pumpStarts += 1 }
  }

  // MARK: - The model's values

  /// What a sensor block would read from the model alone: no `--set`, no
  /// noise.
  public func modelValue(_ sensor: SensorKind, at timeUS: Int64) -> Int {
    switch sensor {
    case .soilMoisture, .light, .temperature:
      let raw = probes.raw(of: sensor, physical: physicalValue(sensor, at: timeUS))
      return probes.value(of: sensor, raw: raw)
    case .tankEmpty, .button:
      return switchValue(sensor, at: timeUS)
    }
  }

  /// The whole state at a time, after bringing the soil up to it.
  public func state(at timeUS: Int64) -> GreenhouseState {
    advance(to: timeUS)
    return snapshot(at: max(timeUS, step * Self.stepUS))
  }

  /// What every sensor block would read in a state: a `--set` value where
  /// there is one, else the model's value through the probe, without noise.
  public func readings(of state: GreenhouseState) -> GreenhouseReadings {
    func analog(_ sensor: SensorKind, _ physical: Int64) -> Int {
      if let value = overrides.value(of: sensor) { return value }
      if let channel = probes.channel(of: sensor), let raw = overrides.analog[channel] {
        return probes.value(of: sensor, raw: raw)
      }
      return probes.value(of: sensor, raw: probes.raw(of: sensor, physical: physical))
    }
    let unit = GreenhouseProbes.unit
    let tankEmpty = state.tankUL <= emptyUL
    return GreenhouseReadings(
      soilMoisture: analog(.soilMoisture, state.moisture),
      light: analog(.light, Int64(state.light) * unit),
      temperature: analog(.temperature, Int64(state.temperatureTenths) * unit / 10),
      tankEmpty: overrides.tankEmpty ?? tankEmpty,
      button: overrides.button ?? state.buttonPressed)
  }

  /// A sensor's physical value in millionths of its unit (percent or °C).
  func physicalValue(_ sensor: SensorKind, at timeUS: Int64) -> Int64 {
    let unit = GreenhouseProbes.unit
    switch sensor {
    case .soilMoisture:
      advance(to: timeUS)
      return moisture
    case .light: return Int64(sky.light(at: timeUS)) * unit
    case .temperature: return Int64(sky.temperatureTenths(at: timeUS)) * unit / 10
    case .tankEmpty, .button: return Int64(switchValue(sensor, at: timeUS)) * unit
    }
  }

  /// The float switch and the button, 0 or 1.
  func switchValue(_ sensor: SensorKind, at timeUS: Int64) -> Int {
    switch sensor {
    case .tankEmpty: capacityUL - delivered(at: timeUS) <= emptyUL ? 1 : 0
    case .button: buttonPressed(at: timeUS) ? 1 : 0
    default: 0
    }
  }

  func buttonPressed(at timeUS: Int64) -> Bool {
    model.buttonPresses.contains { $0.holds(timeUS) }
  }

  // MARK: - The tank

  /// Pumping time from board time 0 until `timeUS` (not before the pump's
  /// last change).
  func pumpedTime(at timeUS: Int64) -> Int64 {
    pumpedBeforeChangeUS + (pumpOn ? max(0, timeUS - pumpChangeUS) : 0)
  }

  /// Water out of the tank by `timeUS`, in microlitres.
  func delivered(at timeUS: Int64) -> Int64 {
    let pumped = pumpedTime(at: timeUS)
    guard pumped < drainTimeUS else { return capacityUL }
    // Millilitres per second are microlitres per thousand microseconds.
    return min(capacityUL, Int64(max(model.pumpFlowMl, 0)) * pumped / 1000)
  }

  func snapshot(at timeUS: Int64) -> GreenhouseState {
    let light = sky.light(at: timeUS)
    let delivered = delivered(at: timeUS)
    return GreenhouseState(
      timeUS: timeUS, moisture: moisture, tankUL: capacityUL - delivered,
      waterUsedUL: delivered,
      wasteUL: drained * Int64(model.soilMlPerPercent) / 1000,
      light: light, temperatureTenths: sky.temperatureTenths(light: light), pumpOn: pumpOn,
      buttonPressed: buttonPressed(at: timeUS),
      dryRunUS: max(0, pumpedTime(at: timeUS) - drainTimeUS))
  }
}
