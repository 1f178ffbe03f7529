import KocodeSupport

/// What each criterion asks, in words for the brief (`kocode mission show`).
extension Criterion {
  public var goal: Localized {
    switch self {
    case .moistureBand(let low, let high, let share, let afterUS):
      let after = Words.duration(afterUS)
      return Localized(
        fr: "Garder l’humidité du sol entre \(low) % et \(high) % pendant au moins "
          + "\(share) % du temps"
          + (afterUS > 0 ? ", à compter de \(after.fr) après le départ." : "."),
        en: "Keep the soil moisture between \(low) % and \(high) % for at least \(share) % "
          + "of the time" + (afterUS > 0 ? ", counting from \(after.en) after the start." : "."))
    case .waterUsed(let low, let high):
      return Self.waterGoal(low: low, high: high)
    case .wasteAtMost(let ml):
      return ml == 0
        ? Localized(
          fr: "Ne pas noyer la plante : pas une goutte ne doit s’écouler du pot.",
          en: "Do not drown the plant: not one drop may drain out of the pot.")
        : Localized(
          fr: "Ne pas noyer la plante : au plus \(ml) mL d’eau peuvent s’écouler du pot.",
          en: "Do not drown the plant: at most \(ml) mL of water may drain out of the pot.")
    case .pumpStarts(let low, let high):
      return Self.startsGoal(low: low, high: high)
    case .pumpNeverDry:
      return Localized(
        fr: "Ne jamais allumer la pompe quand le réservoir est vide.",
        en: "Never switch the pump on when the tank is empty.")
    case .pumpNeverCut:
      return Localized(
        fr: "Ne jamais laisser la pompe allumée si longtemps que la carte doit la couper.",
        en: "Never leave the pump on so long that the board has to cut it off.")
    default:
      return logAndOutputGoal
    }
  }

  private var logAndOutputGoal: Localized {
    switch self {
    case .logEvery(let labels, let everyUS):
      let every = Words.duration(everyUS)
      let label = Words.labels(labels)
      return Localized(
        fr: "Noter \(label.fr) sans jamais laisser passer plus de \(every.fr) entre deux "
          + "relevés.",
        en: "Log \(label.en) with never more than \(every.en) between two samples.")
    case .logFollowsSensor(let labels, let sensor, _):
      let noun = Words.sensor(sensor).noun
      let label = Words.labels(labels)
      return Localized(
        fr: "Noter \(noun.fr) avec l’étiquette \(label.fr).",
        en: "Log \(noun.en) with the label \(label.en).")
    case .outputReached(let output, let value, let withinUS):
      let action = Words.switching(output, to: value)
      let within = withinUS.map { Words.duration($0) }
      return Localized(
        fr: action.fr + (within.map { " dans les \($0.fr) qui suivent le départ." } ?? "."),
        en: action.en + (within.map { " within \($0.en) of the start." } ?? "."))
    case .outputAtEnd(let output, let value):
      let (noun, feminine) = Words.output(output)
      let state = Words.state(value, feminine: feminine)
      return Localized(
        fr: "Laisser \(noun.fr) \(state.fr) à la fin.",
        en: "Leave \(noun.en) \(state.en) at the end.")
    case .noPumpInDark(let lightBelow):
      return Localized(
        fr: "Ne jamais arroser dans le noir (quand la lumière est sous \(lightBelow) %).",
        en: "Never water in the dark (when the light is below \(lightBelow) %).")
    case .pumpFollowsButton(let withinUS):
      let within = Words.duration(withinUS)
      return Localized(
        fr: "À chaque appui sur le bouton, démarrer la pompe en moins de \(within.fr).",
        en: "Each time someone presses the button, start the pump within \(within.en).")
    default:
      return Localized(fr: "", en: "")
    }
  }

  private static func waterGoal(low: Int?, high: Int?) -> Localized {
    switch (low, high) {
    case (let low?, let high?):
      Localized(
        fr: "Utiliser entre \(low) mL et \(high) mL d’eau du réservoir.",
        en: "Use between \(low) mL and \(high) mL of water from the tank.")
    case (nil, let high?):
      Localized(
        fr: "Utiliser au plus \(high) mL d’eau du réservoir.",
        en: "Use at most \(high) mL of water from the tank.")
    case (let low?, nil):
      Localized(
        fr: "Utiliser au moins \(low) mL d’eau du réservoir.",
        en: "Use at least \(low) mL of water from the tank.")
    case (nil, nil):
      Localized(fr: "Utiliser l’eau du réservoir.", en: "Use water from the tank.")
    }
  }

  private static func startsGoal(low: Int?, high: Int?) -> Localized {
    switch (low, high) {
    case (let low?, let high?) where low == high:
      Localized(
        fr: "Démarrer la pompe exactement \(Words.times(low).fr).",
        en: "Start the pump exactly \(Words.times(low).en).")
    case (let low?, let high?):
      Localized(
        fr: "Démarrer la pompe au moins \(Words.times(low).fr) et au plus "
          + "\(Words.times(high).fr).",
        en: "Start the pump at least \(Words.times(low).en) and at most \(Words.times(high).en).")
    case (nil, let high?):
      Localized(
        fr: "Ne pas démarrer la pompe plus de \(Words.times(high).fr).",
        en: "Start the pump no more than \(Words.times(high).en).")
    case (let low?, nil):
      Localized(
        fr: "Démarrer la pompe au moins \(Words.times(low).fr).",
        en: "Start the pump at least \(Words.times(low).en).")
    case (nil, nil):
      Localized(fr: "Démarrer la pompe.", en: "Start the pump.")
    }
  }
}
