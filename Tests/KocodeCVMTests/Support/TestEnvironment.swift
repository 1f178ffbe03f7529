import KocodeVM

/// A cheap world whose sensors move with time: the soil, light and
/// temperature cycle, the tank empties now and then, the button blinks,
/// so that runs meet the safety rules and both branches of conditions.
final class TestEnvironment: Environment {
  private(set) var changes: [(index: Int, value: Int32, timeUS: Int64)] = []

  func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32 {
    switch sensor {
    case .soilMoisture: Int32(timeUS / 7_000 % 101)
    case .light: Int32(timeUS / 13_000 % 101)
    case .temperature: Int32(15 + timeUS / 1_000_000 % 20)
    case .tankEmpty: timeUS / 1_500_000 % 3 == 2 ? 1 : 0
    case .button: Int32(timeUS / 300_000 % 2)
    }
  }

  func analogRaw(channel: Int, at timeUS: Int64) -> Int32 {
    Int32((timeUS / 1000 + Int64(channel) * 37) % 1024)
  }

  func digitalLevel(pin: Int, at timeUS: Int64) -> Bool {
    (timeUS / 250_000 + Int64(pin)) % 2 == 0
  }

  func outputChanged(index: Int, value: Int32, at timeUS: Int64) {
    changes.append((index, value, timeUS))
  }
}
