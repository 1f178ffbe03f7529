import Foundation
import KocodeVM

/// What the criteria look at in a mission run, gathered once: when the
/// pump ran, what was logged, which safety rules acted.
struct RunFacts {
  let run: MissionRun
  /// When the pump was on, in microseconds of board time.
  let pumpIntervals: [Range<Int64>]
  /// When the program's run ended (its `end` event), in microseconds.
  let endUS: Int64

  init(run: MissionRun) {
    self.run = run
    let end = run.events.last.map { $0.timeMS * 1000 } ?? 0
    endUS = end
    var intervals: [Range<Int64>] = []
    var onSince: Int64?
    for case .output(let timeMS, "pump", let value) in run.events {
      let time = timeMS * 1000
      if value != 0, onSince == nil { onSince = time }
      if value == 0, let start = onSince {
        intervals.append(start..<max(start, time))
        onSince = nil
      }
    }
    if let start = onSince { intervals.append(start..<max(start, end)) }
    pumpIntervals = intervals
  }

  /// Samples under any of the labels, compared without regard to case or
  /// outer spaces.
  func logs(_ labels: [String]) -> [(timeUS: Int64, label: String, value: LoggedValue)] {
    let wanted = Set(labels.map(Self.normalized))
    var result: [(timeUS: Int64, label: String, value: LoggedValue)] = []
    for case .log(let timeMS, let name, let value) in run.events
    where wanted.contains(Self.normalized(name)) {
      result.append((timeMS * 1000, name, value))
    }
    return result
  }

  /// Every label the program logged, in order of first appearance.
  var loggedLabels: [String] {
    var labels: [String] = []
    for case .log(_, let name, _) in run.events where !labels.contains(name) {
      labels.append(name)
    }
    return labels
  }

  /// The changes of one output, in order.
  func changes(of output: String) -> [(timeUS: Int64, value: Int)] {
    var result: [(timeUS: Int64, value: Int)] = []
    for case .output(let timeMS, let name, let value) in run.events where name == output {
      result.append((timeMS * 1000, Int(value)))
    }
    return result
  }

  /// When a safety rule acted.
  func safety(_ rule: SafetyRule) -> [Int64] {
    var result: [Int64] = []
    for case .safety(let timeMS, let acted, _) in run.events where acted == rule {
      result.append(timeMS * 1000)
    }
    return result
  }

  /// Tank-empty safety events split in two: the board refused to start the
  /// pump (the program asked with an empty tank), or it stopped the pump
  /// when the tank ran out while pumping.
  func tankSafety() -> (refused: [Int64], stopped: [Int64]) {
    var pumpOn = false
    var refused: [Int64] = []
    var stopped: [Int64] = []
    for event in run.events {
      switch event {
      case .output(_, "pump", let value): pumpOn = value != 0
      case .safety(let timeMS, .tankEmpty, _):
        if pumpOn { stopped.append(timeMS * 1000) } else { refused.append(timeMS * 1000) }
      default: break
      }
    }
    return (refused, stopped)
  }

  /// A board time as the time of day in the mission's greenhouse.
  func clock(_ timeUS: Int64) -> String {
    TimeText.clock(
      secondsAfterMidnight: Int64(run.mission.model.startTimeSeconds) + timeUS / 1_000_000)
  }

  static func normalized(_ label: String) -> String {
    label.trimmingCharacters(in: .whitespaces).lowercased()
  }
}

extension LoggedValue {
  /// The value as a number: booleans are 0 and 1.
  var number: Int {
    switch self {
    case .number(let value): Int(value)
    case .boolean(let flag): flag ? 1 : 0
    }
  }
}
