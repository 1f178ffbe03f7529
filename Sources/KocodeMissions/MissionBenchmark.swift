import Foundation
import KocodeBoard
import KocodeCompiler
import KocodeVM

/// How long a mission check takes, for `make bench`: compiling a program,
/// running it for the mission's whole duration (24 h for most) with the
/// recorder on, and judging every criterion.
public enum MissionBenchmark {
  /// One measurement.
  public struct Measurement: Sendable {
    public var mission: String
    /// Board time simulated, in microseconds.
    public var boardUS: Int64
    /// Wall-clock time of the fastest of the repeats, in seconds.
    public var seconds: Double
    public var passed: Bool
  }

  /// Checks the mission's reference solution `repeats` times and keeps the
  /// fastest; nil when the mission or its solution cannot be read.
  public static func measure(
    mission: Mission, board: BoardDefinition, repeats: Int = 3
  ) -> Measurement? {
    guard let data = FileManager.default.contents(atPath: mission.solutionURL.path) else {
      return nil
    }
    var fastest = Double.infinity
    var passed = false
    for _ in 0..<max(1, repeats) {
      let clock = ContinuousClock()
      let start = clock.now
      guard
        let verdict = try? MissionRunner.check(mission, program: Array(data), board: board)
          .verdict
      else { return nil }
      let parts = (clock.now - start).components
      fastest = min(fastest, Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
      passed = verdict.passed
    }
    return Measurement(
      mission: mission.name, boardUS: mission.durationUS, seconds: fastest, passed: passed)
  }

  /// Every mission of a catalog, measured on its own board.
  public static func measureAll(catalog: MissionCatalog, boards: BoardCatalog) -> [Measurement] {
    let missions = (try? catalog.all()) ?? []
    return missions.compactMap { mission in
      guard let board = try? boards.load(mission.board) else { return nil }
      return measure(mission: mission, board: board)
    }
  }
}
