import KocodeBoard
import KocodeSupport
import KocodeVM

extension RunPlot {
  /// The chart of a recorded run, with the greenhouse's settings under the
  /// title: what `kocode run --plot` draws, and `kocode plot` from a saved
  /// trace, so that both give the same picture of the same run.
  public init(
    recorder: Recorder, board: BoardDefinition, language: Language, title: String,
    durationUS: Int64
  ) {
    let summary = GreenhouseSummary.text(model: recorder.greenhouse.model, durationUS: durationUS)
    self.init(
      recorder: recorder, board: board, language: language, title: title,
      subtitle: summary.text(language))
  }
}
