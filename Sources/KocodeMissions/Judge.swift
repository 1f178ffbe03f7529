import KocodeSupport
import KocodeVM

/// One criterion judged: passed or not, and what happened, in words a
/// pupil understands.
public struct CriterionResult: Sendable {
  public var criterion: MissionCriterion
  public var passed: Bool
  public var explanation: Localized
}

/// A mission check's outcome.
public struct MissionVerdict: Sendable {
  public var results: [CriterionResult]
  /// The program stopped on a runtime error: what happened.
  public var runProblem: Localized?

  /// Every criterion passed and the program did not stop on an error.
  public var passed: Bool { runProblem == nil && results.allSatisfy(\.passed) }
  public var passedCount: Int { results.filter(\.passed).count }
}

/// Judges a run against its mission's criteria.
public enum Judge {
  public static func verdict(of run: MissionRun) -> MissionVerdict {
    let facts = RunFacts(run: run)
    let results = run.mission.criteria.map { entry in
      let (passed, explanation) = judge(entry.criterion, facts)
      return CriterionResult(criterion: entry, passed: passed, explanation: explanation)
    }
    return MissionVerdict(results: results, runProblem: problem(in: facts))
  }

  /// A runtime error, told with its time and block.
  static func problem(in facts: RunFacts) -> Localized? {
    guard facts.run.endReason == .error,
      let error = facts.run.events.first(where: { $0.type == "error" })
    else { return nil }
    let clock = facts.clock(error.timeMS * 1000)
    return Localized.both { language in
      let line = error.text(language)
      let what = String(line.dropFirst(TraceEvent.clock(error.timeMS).count + 2))
      return language == .fr
        ? "Ton programme s’est arrêté à \(clock) sur une \(what). La carte a tout éteint."
        : "Your program stopped at \(clock) on an \(what). The board switched everything off."
    }
  }

  static func judge(_ criterion: Criterion, _ facts: RunFacts) -> (Bool, Localized) {
    switch criterion {
    case .moistureBand(let low, let high, let share, let afterUS):
      return moistureBand(low: low, high: high, share: share, afterUS: afterUS, facts)
    case .waterUsed(let low, let high):
      return waterUsed(low: low, high: high, facts)
    case .wasteAtMost(let ml):
      return waste(atMost: ml, facts)
    case .pumpStarts(let low, let high):
      return pumpStarts(low: low, high: high, facts)
    case .pumpNeverDry:
      return pumpNeverDry(facts)
    case .pumpNeverCut:
      return pumpNeverCut(facts)
    case .logEvery(let labels, let everyUS):
      return logEvery(labels: labels, everyUS: everyUS, facts)
    case .logFollowsSensor(let labels, let sensor, let tolerance):
      return logFollows(labels: labels, sensor: sensor, tolerance: tolerance, facts)
    case .outputReached(let output, let value, let withinUS):
      return outputReached(output, value: value, withinUS: withinUS, facts)
    case .outputAtEnd(let output, let value):
      return outputAtEnd(output, value: value, facts)
    case .noPumpInDark(let lightBelow):
      return noPumpInDark(lightBelow: lightBelow, facts)
    case .pumpFollowsButton(let withinUS):
      return pumpFollowsButton(withinUS: withinUS, facts)
    }
  }
}
