import KocodeBoard
import KocodeSupport
import KocodeVM

extension RunPlot {
  /// The chart of a recorded run, with the greenhouse's settings under the
  /// title: what `kocode run --plot` draws, and `kocode plot` from a saved
  /// trace, so that both give the same picture of the same run; for a run
  /// measured on a board (`kocode watch`), a line that says so.
  public init(
    recorder: Recorder, board: BoardDefinition, language: Language, title: String,
    durationUS: Int64
  ) {
    let duration = Words.duration(durationUS)
    let summary =
      recorder.isMeasured
      ? Localized(
        fr: "Mesuré sur la carte pendant \(duration.fr) : ce que ses capteurs ont lu",
        en: "Measured on the board for \(duration.en): what its sensors read")
      : GreenhouseSummary.text(model: recorder.greenhouse.model, durationUS: durationUS)
    self.init(
      recorder: recorder, board: board, language: language, title: title,
      subtitle: summary.text(language))
  }
}
