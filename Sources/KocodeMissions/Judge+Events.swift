import KocodeSupport
import KocodeVM

/// Criteria about logged data, outputs, the dark and the button.
extension Judge {
  /// The time the blocks around a wait take: a loop that logs and then
  /// waits a minute logs every minute and a few microseconds.
  static let logSlackUS: Int64 = 1_000_000

  static func logEvery(labels: [String], everyUS: Int64, _ facts: RunFacts)
    -> (Bool, Localized)
  {
    let logs = facts.logs(labels)
    guard let first = logs.first else { return (false, nothingLogged(labels, facts)) }
    let times = logs.map(\.timeUS)
    let label = quoted(first.label)
    let points = [0] + times + [facts.run.durationUS]
    var longest: Int64 = 0
    var longestEnd: Int64 = 0
    for (previous, next) in zip(points, points.dropFirst()) where next - previous > longest {
      longest = next - previous
      longestEnd = next
    }
    let gap = Words.duration(longest)
    let every = Words.duration(everyUS)
    if longest <= everyUS + logSlackUS {
      return (
        true,
        Localized(
          fr: "\(Words.upperFirst(label.fr)) a été noté \(Words.times(times.count).fr), "
            + "jamais plus de \(gap.fr) d’écart.",
          en: "\(label.en) was logged \(Words.times(times.count).en), never more than "
            + "\(gap.en) apart.")
      )
    }
    let clock = facts.clock(longestEnd)
    return (
      false,
      Localized(
        fr: "Jusqu’à \(clock), \(label.fr) n’a pas été noté pendant \(gap.fr) : "
          + "c’est plus "
          + "que les \(every.fr) permises.",
        en: "Until \(clock), \(label.en) was not logged for \(gap.en): that is more than the "
          + "\(every.en) allowed.")
    )
  }

  /// No sample with those labels; the labels the program did log, if any.
  static func nothingLogged(_ labels: [String], _ facts: RunFacts) -> Localized {
    let label = Words.labels(labels)
    let others = facts.loggedLabels
    let fr = others.map { "« \($0) »" }.joined(separator: ", ")
    let en = others.map { "“\($0)”" }.joined(separator: ", ")
    return Localized(
      fr: "Rien n’a été noté avec l’étiquette \(label.fr)"
        + (others.isEmpty ? "." : " (ton programme a noté \(fr)). Vérifie l’étiquette."),
      en: "Nothing was logged with the label \(label.en)"
        + (others.isEmpty ? "." : " (your program logged \(en)). Check the label."))
  }

  static func logFollows(
    labels: [String], sensor: SensorKind, tolerance: Int, _ facts: RunFacts
  ) -> (Bool, Localized) {
    let logs = facts.logs(labels)
    guard !logs.isEmpty else { return (false, nothingLogged(labels, facts)) }
    let (noun, block) = Words.sensor(sensor)
    for log in logs {
      let actual = facts.run.recorder.sample(at: log.timeUS).readings[sensor]
      guard abs(log.value.number - actual) > tolerance else { continue }
      let clock = facts.clock(log.timeUS)
      let value = log.value.number
      let label = quoted(log.label)
      return (
        false,
        Localized(
          fr: "À \(clock), \(label.fr) valait \(value) alors que \(noun.fr) était à \(actual) : "
            + "note la valeur du bloc « \(block.fr) ».",
          en: "At \(clock) \(label.en) was \(value) but \(noun.en) was \(actual): log the value "
            + "of the “\(block.en)” block.")
      )
    }
    let label = quoted(logs[0].label)
    return (
      true,
      Localized(
        fr: "Chaque relevé \(label.fr) était bien \(noun.fr) à ce moment-là.",
        en: "Every \(label.en) sample was \(noun.en) at that moment.")
    )
  }

  static func quoted(_ label: String) -> Localized {
    Localized(fr: "« \(label) »", en: "“\(label)”")
  }

  static func outputReached(
    _ output: String, value: Int, withinUS: Int64?, _ facts: RunFacts
  ) -> (Bool, Localized) {
    let (noun, feminine) = Words.output(output)
    let state = Words.state(value, feminine: feminine)
    let subject = Words.capitalized(noun)
    let reached =
      value == 0 ? 0 : facts.changes(of: output).first(where: { $0.value == value })?.timeUS
    guard let reached else {
      return (
        false,
        Localized(
          fr: "\(subject.fr) n’a jamais été \(state.fr).",
          en: "\(subject.en) was never \(state.en).")
      )
    }
    let after = Words.duration(reached)
    if let withinUS, reached > withinUS {
      let within = Words.duration(withinUS)
      return (
        false,
        Localized(
          fr: "\(subject.fr) a été \(state.fr) seulement après \(after.fr) (il fallait "
            + "moins de \(within.fr)).",
          en: "\(subject.en) was \(state.en) only after \(after.en) (within \(within.en) "
            + "needed).")
      )
    }
    return (
      true,
      reached == 0
        ? Localized(
          fr: "\(subject.fr) a été \(state.fr) dès le départ.",
          en: "\(subject.en) was \(state.en) right from the start.")
        : Localized(
          fr: "\(subject.fr) a été \(state.fr) après \(after.fr).",
          en: "\(subject.en) was \(state.en) after \(after.en).")
    )
  }

  static func outputAtEnd(_ output: String, value: Int, _ facts: RunFacts) -> (Bool, Localized) {
    let (noun, feminine) = Words.output(output)
    let final = facts.changes(of: output).last?.value ?? 0
    let state = Words.state(final, feminine: feminine)
    if final == value {
      return (
        true,
        Localized(
          fr: "À la fin, \(noun.fr) était \(state.fr).",
          en: "At the end, \(noun.en) was \(state.en).")
      )
    }
    let wanted = Words.state(value, feminine: feminine)
    let pronoun = Localized(fr: feminine ? "elle" : "il", en: "it")
    return (
      false,
      Localized(
        fr: "À la fin, \(noun.fr) était \(state.fr) (\(pronoun.fr) devait être \(wanted.fr)).",
        en: "At the end, \(noun.en) was \(state.en) (\(pronoun.en) should be \(wanted.en)).")
    )
  }

  static func noPumpInDark(lightBelow: Int, _ facts: RunFacts) -> (Bool, Localized) {
    let greenhouse = facts.run.recorder.greenhouse
    var dark: [(timeUS: Int64, light: Int)] = []
    for interval in facts.pumpIntervals {
      // The light changes slowly: once a second, and at the very start, is close enough.
      let moments = stride(from: interval.lowerBound, to: interval.upperBound, by: 1_000_000)
      for moment in moments {
        let light = greenhouse.modelValue(.light, at: moment)
        if light < lightBelow {
          dark.append((moment, light))
          break
        }
      }
    }
    guard let first = dark.first else {
      return (
        true,
        Localized(
          fr: "La pompe n’a jamais tourné dans le noir.", en: "The pump never ran in the dark.")
      )
    }
    let clock = facts.clock(first.timeUS)
    let times = Words.times(dark.count)
    return (
      false,
      Localized(
        fr: "La pompe a tourné dans le noir \(times.fr) ; la première à \(clock), quand la "
          + "lumière était de \(first.light) %.",
        en: "The pump ran in the dark \(times.en); the first time at \(clock), when the light "
          + "was \(first.light) %.")
    )
  }

  static func pumpFollowsButton(withinUS: Int64, _ facts: RunFacts) -> (Bool, Localized) {
    let presses = facts.run.mission.model.buttonPresses.filter {
      $0.startUS < facts.run.durationUS
    }
    guard !presses.isEmpty else {
      return (
        true,
        Localized(fr: "Personne n’a appuyé sur le bouton.", en: "Nobody pressed the button.")
      )
    }
    let missed = presses.filter { press in
      let window = press.startUS...(press.startUS + withinUS)
      return !facts.pumpIntervals.contains {
        $0.lowerBound <= window.upperBound && $0.upperBound > window.lowerBound
      }
    }
    guard let first = missed.first else {
      return (
        true,
        Localized(
          fr: "La pompe a démarré à chacun des \(presses.count) appuis sur le bouton.",
          en: "The pump started for each of the \(presses.count) button presses.")
      )
    }
    let within = Words.duration(withinUS)
    let clock = facts.clock(first.startUS)
    return (
      false,
      Localized(
        fr: "À \(clock), quelqu’un a appuyé sur le bouton, "
          + "mais la pompe n’a pas démarré en "
          + "moins de \(within.fr) (appuis manqués : \(missed.count) sur \(presses.count)).",
        en: "At \(clock) someone pressed the button, but the pump did not start within "
          + "\(within.en) (presses missed: \(missed.count) of \(presses.count)).")
    )
  }
}
