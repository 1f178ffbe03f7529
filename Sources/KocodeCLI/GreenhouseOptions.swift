import KocodeBoard
import KocodeMissions
import KocodeVM

/// The greenhouse flags of `kocode run`: the model's parameters for one
/// run (`docs/greenhouse.md`). Without them, the documented defaults.
enum GreenhouseOptions {
  static let valued: Set<String> = [
    "--start-moisture", "--tank", "--flow", "--evaporation", "--day-length", "--start-time",
    "--noise", "--noise-seed", "--press",
  ]

  static func model(_ arguments: Arguments, text: CLIText) throws(CommandFailure)
    -> Greenhouse.Model
  {
    var model = Greenhouse.Model()
    if let value = try whole(arguments, "--start-moisture", 0...100, text: text) {
      model.startMoisture = value
    }
    if let value = try whole(arguments, "--tank", 0...1_000_000, text: text) {
      model.tankMl = value
    }
    if let value = try whole(arguments, "--flow", 0...10_000, text: text) {
      model.pumpFlowMl = value
    }
    if let value = try whole(arguments, "--noise", 0...100, text: text) { model.noise = value }
    if let value = arguments.value("--noise-seed") {
      guard let seed = UInt64(value) else {
        throw CommandFailure(.usage, text.badWhole("--noise-seed", value, 0...Int.max))
      }
      model.noiseSeed = seed
    }
    if let value = arguments.value("--evaporation") {
      guard let rate = decimal(value), rate <= 100 else {
        throw CommandFailure(.usage, text.badEvaporation(value))
      }
      model.evaporation = Int((rate * 1000).rounded())
    }
    try timeOfDay(arguments, into: &model, text: text)
    model.buttonPresses = try arguments.all("--press").map { value throws(CommandFailure) in
      try press(value, text: text)
    }.sorted { $0.startUS < $1.startUS }
    return model
  }

  /// The sensors fixed with `--set SENSOR=VALUE` (repeatable).
  static func overrides(
    _ arguments: Arguments, board: BoardDefinition, text: CLIText
  ) throws(CommandFailure) -> SensorOverrides {
    var overrides = SensorOverrides()
    for assignment in arguments.all("--set") {
      try RunCommand.set(assignment, in: &overrides, board: board, text: text)
    }
    return overrides
  }

  /// `--day-length` and `--start-time`.
  static func timeOfDay(
    _ arguments: Arguments, into model: inout Greenhouse.Model, text: CLIText
  ) throws(CommandFailure) {
    if let value = arguments.value("--day-length") {
      guard let length = TimeText.duration(value), length <= TimeText.dayUS else {
        throw CommandFailure(.usage, text.badDayLength(value))
      }
      model.dayLengthSeconds = Int(length / TimeText.secondUS)
    }
    if let value = arguments.value("--start-time") {
      guard let seconds = TimeText.timeOfDay(value) else {
        throw CommandFailure(.usage, text.badStartTime(value))
      }
      model.startTimeSeconds = seconds
    }
  }

  static func whole(
    _ arguments: Arguments, _ flag: String, _ range: ClosedRange<Int>, text: CLIText
  ) throws(CommandFailure) -> Int? {
    guard let value = arguments.value(flag) else { return nil }
    guard let number = Int(value), range.contains(number) else {
      throw CommandFailure(.usage, text.badWhole(flag, value, range))
    }
    return number
  }

  /// A plain decimal number: digits with at most one point (no sign, no exponent).
  static func decimal(_ value: String) -> Double? {
    let points = value.filter { $0 == "." }.count
    guard !value.isEmpty, points <= 1, value != ".",
      value.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) })
    else { return nil }
    return Double(value)
  }

  /// `AT+LENGTH`, two durations: `10m+5s` presses the button 10 minutes
  /// after the start, for 5 seconds.
  static func press(_ value: String, text: CLIText) throws(CommandFailure) -> ButtonPress {
    let parts = value.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 2, let start = TimeText.duration(parts[0]),
      let length = TimeText.duration(parts[1]), length > 0
    else { throw CommandFailure(.usage, text.badPress(value)) }
    return ButtonPress(startUS: start, lengthUS: length)
  }
}
