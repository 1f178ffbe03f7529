import Foundation
import KocodeBoard
import KocodeMissions
import KocodeVM

/// The data files of a recorded run: `--csv FILE` and `--plot FILE.svg`.
struct RunFiles {
  var csv: String?
  var plot: String?

  init(_ arguments: Arguments) {
    csv = arguments.value("--csv")
    plot = arguments.value("--plot")
  }

  /// A recorder is needed only when a file is asked for.
  var wanted: Bool { csv != nil || plot != nil }

  /// Writes the files asked for, and says where they are.
  func write(
    _ recorder: Recorder, board: BoardDefinition, title: String, durationUS: Int64,
    context: Kocode.Context
  ) throws(CommandFailure) {
    if let csv {
      let table = RunTable.csv(recorder: recorder, board: board)
      try context.write(Array(table.utf8), to: csv)
      context.console.say(context.text.tableWritten(csv))
    }
    if let plot {
      let language = context.console.language
      let summary = GreenhouseSummary.text(
        model: recorder.greenhouse.model, durationUS: durationUS)
      let chart = RunPlot(
        recorder: recorder, board: board, language: language, title: title,
        subtitle: summary.text(language))
      try context.write(Array(chart.svg().utf8), to: plot)
      context.console.say(context.text.plotWritten(plot))
    }
  }
}
