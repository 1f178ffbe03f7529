import Foundation
import KocodeBoard
import KocodeSupport
import KocodeVM

/// A mission: a brief for pupils, the board it is for, a greenhouse to run
/// in, and the criteria a program must meet (`docs/missions.md`). Missions
/// are data: a folder in `Missions/` with `mission.json`, `starter.json`
/// and `solution.json`.
public struct Mission: Sendable {
  /// The folder's name, as `kocode mission show NAME` takes it.
  public var name: String
  /// Where the mission comes in the list: first steps first.
  public var order: Int
  /// 1 (first steps) to 5 (hard).
  public var level: Int
  /// The board the mission is for.
  public var board: String
  public var title: Localized
  /// The brief, one paragraph an element.
  public var brief: [Localized]
  /// How long the check runs, in microseconds of board time.
  public var durationUS: Int64
  /// The greenhouse the check runs in.
  public var model: Greenhouse.Model
  /// Sensors fixed for the check, as `kocode run --set` writes them.
  public var settings: [String]
  public var criteria: [MissionCriterion]
  /// The mission's folder.
  public var folder: URL

  /// The program pupils start from.
  public var starterURL: URL { folder.appendingPathComponent("starter.json") }
  /// A program that meets every criterion.
  public var solutionURL: URL { folder.appendingPathComponent("solution.json") }

  /// The `--set` settings of the mission on its board.
  public func overrides(on board: BoardDefinition) throws(MissionError) -> SensorOverrides {
    var overrides = SensorOverrides()
    for setting in settings {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let value = Int(parts[1]) else {
        throw .invalid(name, "set", setting)
      }
      do {
        try overrides.set(parts[0], to: value, board: board)
      } catch {
        throw .invalid(name, "set", setting)
      }
    }
    return overrides
  }
}

/// Why a mission cannot be found or read.
public enum MissionError: Error, Equatable, Sendable {
  /// No `Missions` folder was found (set `KOCODE_MISSIONS`).
  case noMissionsFolder
  /// No mission of that name; `known` lists the missions that exist.
  case unknownMission(String, known: [String])
  /// The mission file cannot be read as JSON of the right shape: the reason.
  case unreadable(String, reason: String)
  /// A value in the mission file is wrong: the mission, the key, the value.
  case invalid(String, String, String)
}
