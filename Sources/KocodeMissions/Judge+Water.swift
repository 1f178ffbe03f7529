import KocodeSupport
import KocodeVM

/// Criteria about the soil, the water and the pump.
extension Judge {
  /// Time spent too dry, in the band and too wet, in microseconds.
  struct BandTimes {
    var dry: Int64 = 0
    var inside: Int64 = 0
    var wet: Int64 = 0

    var total: Int64 { max(1, dry + inside + wet) }

    /// A part of the time in whole percent, rounded down so that a share
    /// just short of the goal never shows as the goal itself.
    func percent(_ part: Int64) -> Int64 { part * 100 / total }
  }

  /// Where the model's soil moisture was, from `afterUS` to the end; each
  /// sample holds until the next one.
  static func bandTimes(low: Int, high: Int, afterUS: Int64, _ facts: RunFacts) -> BandTimes {
    let samples = facts.run.recorder.samples
    let unit: Int64 = 1_000_000
    let end = facts.run.durationUS
    var times = BandTimes()
    for (index, sample) in samples.enumerated() {
      let next = index + 1 < samples.count ? samples[index + 1].timeUS : end
      let span = min(next, end) - max(sample.timeUS, afterUS)
      guard span > 0 else { continue }
      let moisture = sample.state.moisture
      if moisture < Int64(low) * unit {
        times.dry += span
      } else if moisture > Int64(high) * unit {
        times.wet += span
      } else {
        times.inside += span
      }
    }
    return times
  }

  static func moistureBand(
    low: Int, high: Int, share: Int, afterUS: Int64, _ facts: RunFacts
  ) -> (Bool, Localized) {
    let times = bandTimes(low: low, high: high, afterUS: afterUS, facts)
    let inside = times.percent(times.inside)
    let band = Localized(fr: "entre \(low) % et \(high) %", en: "between \(low) % and \(high) %")
    guard times.inside * 100 < Int64(share) * times.total else {
      return (
        true,
        Localized(
          fr: "L’humidité du sol est restée \(band.fr) pendant \(inside) % du temps "
            + "(il fallait au moins \(share) %).",
          en: "The soil moisture stayed \(band.en) for \(inside) % of the time "
            + "(at least \(share) % needed).")
      )
    }
    let why = outsideTheBand(times, low: low, high: high)
    return (
      false,
      Localized(
        fr: "L’humidité du sol n’est restée \(band.fr) que pendant \(inside) % du temps "
          + "(il fallait au moins \(share) %) : \(why.fr).",
        en: "The soil moisture stayed \(band.en) for only \(inside) % of the time "
          + "(at least \(share) % needed): \(why.en).")
    )
  }

  /// "the soil was too dry (below 28 %) for 38 % of the time, and too wet…"
  static func outsideTheBand(_ times: BandTimes, low: Int, high: Int) -> Localized {
    var parts: [Localized] = []
    if times.dry > 0 {
      parts.append(
        Localized(
          fr: "trop sec (sous \(low) %) pendant \(times.percent(times.dry)) % du temps",
          en: "too dry (below \(low) %) for \(times.percent(times.dry)) % of the time"))
    }
    if times.wet > 0 {
      parts.append(
        Localized(
          fr:
            "trop mouillé (au-dessus de \(high) %) pendant \(times.percent(times.wet)) % du temps",
          en: "too wet (above \(high) %) for \(times.percent(times.wet)) % of the time"))
    }
    return Localized(
      fr: "le sol était " + parts.map(\.fr).joined(separator: ", et "),
      en: "the soil was " + parts.map(\.en).joined(separator: ", and "))
  }

  static func waterUsed(low: Int?, high: Int?, _ facts: RunFacts) -> (Bool, Localized) {
    let usedUL = facts.run.finalState.waterUsedUL
    let used = (usedUL + 500) / 1000
    if let high, usedUL > Int64(high) * 1000 {
      return (
        false,
        Localized(
          fr: "La pompe a pris \(used) mL d’eau au réservoir : c’est plus que les \(high) mL "
            + "permis.",
          en: "The pump took \(used) mL of water from the tank: that is more than the "
            + "\(high) mL allowed.")
      )
    }
    if let low, usedUL < Int64(low) * 1000 {
      return (
        false,
        used == 0
          ? Localized(
            fr: "La pompe n’a pas pris d’eau au réservoir : il en fallait au moins \(low) mL.",
            en: "The pump took no water from the tank: at least \(low) mL was needed.")
          : Localized(
            fr: "La pompe n’a pris que \(used) mL d’eau au réservoir : il en fallait au moins "
              + "\(low) mL.",
            en: "The pump took only \(used) mL of water from the tank: at least \(low) mL "
              + "was needed.")
      )
    }
    let rule = Criterion.waterUsed(minMl: low, maxMl: high).goal
    return (
      true,
      Localized(
        fr: "La pompe a pris \(used) mL d’eau au réservoir. Objectif : "
          + Words.lowerFirst(rule.fr),
        en: "The pump took \(used) mL of water from the tank. Goal: " + Words.lowerFirst(rule.en))
    )
  }

  static func waste(atMost ml: Int, _ facts: RunFacts) -> (Bool, Localized) {
    let wasteUL = facts.run.finalState.wasteUL
    let waste = (wasteUL + 500) / 1000
    if wasteUL <= Int64(ml) * 1000 {
      return (
        true,
        waste == 0
          ? Localized(
            fr: "Pas une goutte ne s’est écoulée du pot.",
            en: "Not one drop of water drained out of the pot.")
          : Localized(
            fr: "\(waste) mL d’eau se sont écoulés du pot (au plus \(ml) mL permis).",
            en: "\(waste) mL of water drained out of the pot (at most \(ml) mL allowed).")
      )
    }
    return (
      false,
      Localized(
        fr: "\(waste) mL d’eau se sont écoulés du pot, perdus : le sol était trop mouillé "
          + "(au plus \(ml) mL permis).",
        en: "\(waste) mL of water drained out of the pot and were wasted: the soil was too "
          + "wet (at most \(ml) mL allowed).")
    )
  }

  static func pumpStarts(low: Int?, high: Int?, _ facts: RunFacts) -> (Bool, Localized) {
    let starts = facts.pumpIntervals.count
    let times = Words.times(starts)
    if let high, starts > high {
      return (
        false,
        Localized(
          fr: "La pompe a démarré \(times.fr) : c’est trop, au plus \(Words.times(high).fr) "
            + "permis.",
          en: "The pump started \(times.en): that is too many, at most \(Words.times(high).en) "
            + "allowed.")
      )
    }
    if let low, starts < low {
      return (
        false,
        starts == 0
          ? Localized(
            fr: "La pompe n’a jamais démarré : il fallait au moins \(Words.times(low).fr).",
            en: "The pump never started: it had to start at least \(Words.times(low).en).")
          : Localized(
            fr: "La pompe n’a démarré que \(times.fr) : il fallait au moins "
              + "\(Words.times(low).fr).",
            en: "The pump started only \(times.en): it had to start at least "
              + "\(Words.times(low).en).")
      )
    }
    return (
      true,
      starts == 0
        ? Localized(fr: "La pompe n’a jamais démarré.", en: "The pump never started.")
        : Localized(fr: "La pompe a démarré \(times.fr).", en: "The pump started \(times.en).")
    )
  }

  /// The board stopping the pump as the tank runs out while pumping is
  /// its job; asking for the pump once the tank is empty is the program's
  /// mistake, and so is a pump that ran with no water at all.
  static func pumpNeverDry(_ facts: RunFacts) -> (Bool, Localized) {
    let (refused, stopped) = facts.tankSafety()
    guard let first = refused.first else {
      if facts.run.finalState.dryRunUS > 0 {
        return (
          false,
          Localized(
            fr: "La pompe a tourné sans eau dans le réservoir : elle risque de griller.",
            en: "The pump ran with no water in the tank: it could burn out.")
        )
      }
      let noticed = stopped.first.map { facts.clock($0) }
      let stoppedFR = noticed.map {
        " (à \($0), la carte l’a arrêtée quand le réservoir s’est vidé)"
      }
      return (
        true,
        Localized(
          fr: "La pompe n’a jamais tourné avec le réservoir vide" + (stoppedFR ?? "") + ".",
          en: "The pump never ran with an empty tank"
            + (noticed.map { " (at \($0) the board stopped it as the tank ran out)" } ?? "")
            + ".")
      )
    }
    let more = Localized(
      fr: refused.count > 1 ? " (\(Words.times(refused.count).fr) en tout)" : "",
      en: refused.count > 1 ? " (\(Words.times(refused.count).en) in all)" : "")
    let clock = facts.clock(first)
    return (
      false,
      Localized(
        fr: "À \(clock), ton programme a voulu allumer la pompe alors que le réservoir était "
          + "vide : la carte a dû l’en empêcher\(more.fr).",
        en: "At \(clock) your program tried to switch the pump on with an empty tank: the board "
          + "had to stop it\(more.en).")
    )
  }

  static func pumpNeverCut(_ facts: RunFacts) -> (Bool, Localized) {
    let cuts = facts.safety(.pumpMaxOn)
    guard let first = cuts.first else {
      return (
        true,
        Localized(
          fr: "La carte n’a jamais eu à couper la pompe.",
          en: "The board never had to cut the pump off.")
      )
    }
    let limit = Words.duration(Int64(facts.run.board.safety.pumpMaxOnMs) * 1000)
    let more = Localized(
      fr: cuts.count > 1 ? " (\(Words.times(cuts.count).fr) en tout)" : "",
      en: cuts.count > 1 ? " (\(Words.times(cuts.count).en) in all)" : "")
    let clock = facts.clock(first)
    return (
      false,
      Localized(
        fr: "À \(clock), la pompe tournait depuis \(limit.fr) sans s’arrêter : la carte l’a "
          + "coupée\(more.fr). Pense à éteindre la pompe.",
        en: "At \(clock) the pump had been running for \(limit.en) without a stop: the board "
          + "cut it off\(more.en). Remember to switch the pump off.")
    )
  }
}
