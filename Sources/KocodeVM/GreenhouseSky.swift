/// Day and night over the greenhouse: light and air temperature as pure
/// functions of board time, so that any moment costs a few operations.
struct GreenhouseSky: Sendable {
  static let secondUS: Int64 = 1_000_000
  static let dayUS: Int64 = 86_400 * secondUS
  /// The middle of the day, when the sun is highest (summer time).
  static let noonUS: Int64 = 13 * 3600 * secondUS

  let startUS: Int64
  let dayLengthUS: Int64
  let sunriseUS: Int64
  let rampUS: Int64
  let fullLight: Int64
  let nightTenths: Int64
  let dayTenths: Int64

  init(model: Greenhouse.Model) {
    startUS = Self.wrap(Int64(model.startTimeSeconds) * Self.secondUS)
    dayLengthUS = min(max(Int64(model.dayLengthSeconds), 0), 86_400) * Self.secondUS
    sunriseUS = Self.wrap(Self.noonUS - dayLengthUS / 2)
    // The light rises over the first quarter of the day and falls over the last.
    rampUS = max(dayLengthUS / 4, 1)
    fullLight = Int64(min(max(model.daylightPercent, 0), 100))
    nightTenths = Int64(model.nightTemperature) * 10
    dayTenths = Int64(model.dayTemperature) * 10
  }

  /// The time of day at a board time, in microseconds after midnight.
  func clock(at timeUS: Int64) -> Int64 { Self.wrap(startUS + timeUS) }

  /// The light sensor's percent in the model: dark at night, rising from
  /// sunrise, full in the middle of the day, falling until sunset.
  func light(at timeUS: Int64) -> Int {
    let sinceSunrise = Self.wrap(clock(at: timeUS) - sunriseUS)
    guard sinceSunrise < dayLengthUS else { return 0 }
    let ramp = min(sinceSunrise, dayLengthUS - sinceSunrise, rampUS)
    return Int(fullLight * ramp / rampUS)
  }

  /// Air temperature in tenths of a degree: night temperature in the dark,
  /// day temperature in full light, in proportion between.
  func temperatureTenths(at timeUS: Int64) -> Int {
    temperatureTenths(light: light(at: timeUS))
  }

  func temperatureTenths(light: Int) -> Int {
    guard fullLight > 0 else { return Int(nightTenths) }
    return Int(nightTenths + (dayTenths - nightTenths) * Int64(light) / fullLight)
  }

  /// A time folded into one day, 0 ..< 24 h.
  static func wrap(_ timeUS: Int64) -> Int64 {
    let folded = timeUS % dayUS
    return folded < 0 ? folded + dayUS : folded
  }
}
