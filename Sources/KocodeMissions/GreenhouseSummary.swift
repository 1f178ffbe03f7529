import KocodeSupport
import KocodeVM

/// A run's greenhouse in one line, for plots and mission checks:
/// "24 h from 08:00, soil at 35 %, tank of 5000 mL".
public enum GreenhouseSummary {
  public static func text(model: Greenhouse.Model, durationUS: Int64) -> Localized {
    let duration = Words.duration(durationUS)
    let start = TimeText.clock(secondsAfterMidnight: Int64(model.startTimeSeconds))
    var fr =
      "\(duration.fr) à partir de \(start), sol à \(model.startMoisture) %, "
      + "réservoir de \(model.tankMl) mL"
    var en =
      "\(duration.en) from \(start), soil at \(model.startMoisture) %, "
      + "tank of \(model.tankMl) mL"
    if model.noise > 0 {
      fr += ", bruit des capteurs ±\(model.noise)"
      en += ", sensor noise ±\(model.noise)"
    }
    let presses = model.buttonPresses.filter { $0.startUS < durationUS }.count
    if presses > 0 {
      fr += ", bouton appuyé \(Words.times(presses).fr)"
      en += ", button pressed \(Words.times(presses).en)"
    }
    return Localized(fr: fr, en: en)
  }
}
