import KocodeSupport
import KocodeVM

/// One success criterion of a mission: a small closed set of kinds, each
/// judged over the simulated run (`docs/missions.md`).
public enum Criterion: Sendable, Equatable {
  /// Soil moisture between `min` and `max` percent for at least `share`
  /// percent of the time after the first `afterUS`.
  case moistureBand(min: Int, max: Int, share: Int, afterUS: Int64)
  /// The pump took at least `minMl` and at most `maxMl` from the tank.
  case waterUsed(minMl: Int?, maxMl: Int?)
  /// At most `ml` millilitres drained out of the pot.
  case wasteAtMost(ml: Int)
  /// The pump started at least `min` and at most `max` times.
  case pumpStarts(min: Int?, max: Int?)
  /// The board never had to stop the pump for an empty tank, and the pump
  /// never ran with nothing in the tank.
  case pumpNeverDry
  /// The board never had to cut the pump for running too long.
  case pumpNeverCut
  /// A sample under one of `labels` at least every `everyUS`, from the
  /// start to the end (the labels are one label in several languages).
  case logEvery(labels: [String], everyUS: Int64)
  /// Every sample under one of `labels` is what `sensor` read then, give
  /// or take `tolerance`.
  case logFollowsSensor(labels: [String], sensor: SensorKind, tolerance: Int)
  /// The output took `value`, by `withinUS` when given.
  case outputReached(output: String, value: Int, withinUS: Int64?)
  /// The output holds `value` when the run ends.
  case outputAtEnd(output: String, value: Int)
  /// The pump never ran while the light was below `lightBelow` percent.
  case noPumpInDark(lightBelow: Int)
  /// Each button press started the pump within `withinUS`.
  case pumpFollowsButton(withinUS: Int64)

  /// The names of the kinds in mission files.
  public static let kinds = [
    "moisture_band", "water_used", "waste_at_most", "pump_starts", "pump_never_dry",
    "pump_never_cut", "log_every", "log_follows_sensor", "output_reached", "output_at_end",
    "no_pump_in_dark", "pump_follows_button",
  ]

  /// This criterion's kind, as mission files name it.
  public var kind: String {
    switch self {
    case .moistureBand: "moisture_band"
    case .waterUsed: "water_used"
    case .wasteAtMost: "waste_at_most"
    case .pumpStarts: "pump_starts"
    case .pumpNeverDry: "pump_never_dry"
    case .pumpNeverCut: "pump_never_cut"
    case .logEvery: "log_every"
    case .logFollowsSensor: "log_follows_sensor"
    case .outputReached: "output_reached"
    case .outputAtEnd: "output_at_end"
    case .noPumpInDark: "no_pump_in_dark"
    case .pumpFollowsButton: "pump_follows_button"
    }
  }
}

/// A criterion as a mission states it: what to check, and a hint for a
/// pupil whose program fails it.
public struct MissionCriterion: Sendable, Equatable {
  public var criterion: Criterion
  public var hint: Localized?

  public init(_ criterion: Criterion, hint: Localized? = nil) {
    self.criterion = criterion
    self.hint = hint
  }
}
