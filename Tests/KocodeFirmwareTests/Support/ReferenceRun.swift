import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeVM

/// Sensors held fixed for a whole run, the same on the virtual board
/// (through its control channel) and for the reference VM (through
/// `SensorOverrides`): raw readings of every analog input and the levels
/// of the two switches.
struct FixedSensors: Sendable, CustomStringConvertible {
  /// Raw readings of A0, A1…, by channel.
  var analog: [Int]
  var tankEmpty: Bool
  var button: Bool

  /// Sensors given in their own units, converted to the raw readings that
  /// give them; other channels read `rest`.
  static func values(
    on board: BoardDefinition, soil: Int = 50, light: Int = 50, temperature: Int = 20,
    tankEmpty: Bool = false, button: Bool = false, rest: Int = 300
  ) -> FixedSensors {
    let sensors = BoardSensors(board: board)
    var analog = Array(repeating: rest, count: board.analogInputs.count)
    let values: [(SensorKind, Int)] = [
      (.soilMoisture, soil), (.light, light), (.temperature, temperature),
    ]
    for (sensor, value) in values {
      if let channel = sensors.channel(of: sensor), channel < analog.count {
        analog[channel] = sensors.raw(of: sensor, value: value)
      }
    }
    return FixedSensors(analog: analog, tankEmpty: tankEmpty, button: button)
  }

  func overrides() -> SensorOverrides {
    var overrides = SensorOverrides()
    for (channel, raw) in analog.enumerated() { overrides.analog[channel] = raw }
    overrides.tankEmpty = tankEmpty
    overrides.button = button
    return overrides
  }

  /// Drives the virtual board's inputs to these readings.
  func apply(to process: VirtualBoardProcess, board: BoardDefinition) throws {
    let sensors = BoardSensors(board: board)
    for (channel, raw) in analog.enumerated() { try process.setAnalog("A\(channel)", raw: raw) }
    let switches: [(SensorKind, Bool)] = [(.tankEmpty, tankEmpty), (.button, button)]
    for (sensor, value) in switches {
      guard let pin = sensors.pin(of: sensor) else { continue }
      try process.setDigital("D\(pin)", high: sensors.level(of: sensor, value: value))
    }
  }

  var description: String {
    "analog \(analog), tank_empty \(tankEmpty), button \(button)"
  }
}

/// An output change with its exact board time.
struct OutputChange: Sendable, Equatable {
  var output: Int
  var value: Int32
  var timeUS: Int64
}

/// The greenhouse with fixed sensors, also noting each output change to
/// the microsecond (the trace keeps milliseconds only).
final class RecordingEnvironment: Environment {
  let greenhouse: Greenhouse
  private(set) var changes: [OutputChange] = []

  init(board: BoardDefinition, sensors: FixedSensors) {
    greenhouse = Greenhouse(board: board, overrides: sensors.overrides())
  }

  func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32 {
    greenhouse.reading(sensor, at: timeUS)
  }

  func analogRaw(channel: Int, at timeUS: Int64) -> Int32 {
    greenhouse.analogRaw(channel: channel, at: timeUS)
  }

  func digitalLevel(pin: Int, at timeUS: Int64) -> Bool {
    greenhouse.digitalLevel(pin: pin, at: timeUS)
  }

  func outputChanged(index: Int, value: Int32, at timeUS: Int64) {
    changes.append(OutputChange(output: index, value: value, timeUS: timeUS))
    greenhouse.outputChanged(index: index, value: value, at: timeUS)
  }
}

/// A run of the reference VM: its trace and its output changes.
struct ReferenceRun {
  var trace: [TraceEvent]
  var changes: [OutputChange]
  var reason: EndReason

  init(image: Image, board: BoardDefinition, sensors: FixedSensors, limitUS: Int64, seed: UInt32) {
    let environment = RecordingEnvironment(board: board, sensors: sensors)
    let machine = Machine(image: image, board: board, environment: environment, seed: seed)
    var trace: [TraceEvent] = []
    reason = machine.run(limitUS: limitUS) { trace.append($0) }
    self.trace = trace
    changes = environment.changes
  }
}
