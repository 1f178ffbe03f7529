import Foundation
import KocodeBoard
import KocodeMissions
import KocodeVM

/// The data files of a recorded run: `--csv FILE`, `--csv-excel FILE` and
/// `--plot FILE.svg`.
struct RunFiles {
  var csv: String?
  var csvExcel: String?
  var plot: String?

  init(_ arguments: Arguments) {
    csv = arguments.value("--csv")
    csvExcel = arguments.value("--csv-excel")
    plot = arguments.value("--plot")
  }

  /// A recorder is needed only when a file is asked for.
  var wanted: Bool { csv != nil || csvExcel != nil || plot != nil }

  var paths: [String] { [csv, csvExcel, plot].compactMap { $0 } }

  /// Fails now, before a run that may be long, when a file cannot be
  /// written; the empty files made to find out are taken away again.
  func checkWritable(_ context: Kocode.Context) throws(CommandFailure) {
    for path in paths {
      let existed = FileManager.default.fileExists(atPath: path)
      guard
        let handle = FileHandle(forUpdatingAtPath: path)
          ?? (FileManager.default.createFile(atPath: path, contents: nil)
            ? FileHandle(forUpdatingAtPath: path) : nil)
      else { throw CommandFailure(.ioError, context.text.cannotWrite(path)) }
      try? handle.close()
      if !existed { try? FileManager.default.removeItem(atPath: path) }
    }
  }

  /// Writes the files asked for, and says where they are.
  func write(
    _ recorder: Recorder, board: BoardDefinition, title: String, durationUS: Int64,
    context: Kocode.Context
  ) throws(CommandFailure) {
    for (path, dialect) in [(csv, CSVDialect.plain), (csvExcel, .excel)] {
      guard let path else { continue }
      let table = RunTable.csv(recorder: recorder, board: board, dialect: dialect)
      try context.write(Array(table.utf8), to: path)
      context.console.say(context.text.tableWritten(path))
    }
    if let plot {
      let chart = RunPlot(
        recorder: recorder, board: board, language: context.console.language, title: title,
        durationUS: durationUS)
      try context.write(Array(chart.svg().utf8), to: plot)
      context.console.say(context.text.plotWritten(plot))
    }
  }
}
