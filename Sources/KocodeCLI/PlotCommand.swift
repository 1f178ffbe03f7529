import Foundation
import KocodeMissions
import KocodeVM

/// `kocode plot TRACE.jsonl -o FILE.svg [--board B] [--set SENSOR=VALUE]…`,
/// with the greenhouse flags of `kocode run`: draws a saved trace with the
/// plot of `kocode run --plot`. The trace holds the outputs, not the
/// greenhouse, so the greenhouse is simulated again from the trace's pump
/// changes; the flags give it the settings of the run that wrote the trace.
enum PlotCommand {
  static let usage = "kocode plot TRACE.jsonl -o FILE.svg [--board B] [--set SENSOR=VALUE]..."

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: Set(["-o", "--board", "--set"]).union(GreenhouseOptions.valued),
      flags: [], text: context.text)
    guard arguments.positional.count == 1, let output = arguments.value("-o") else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    let path = arguments.positional[0]
    let model = try GreenhouseOptions.model(arguments, text: context.text)
    let board = try context.board(arguments.value("--board"))
    var overrides = SensorOverrides()
    for assignment in arguments.all("--set") {
      try RunCommand.set(assignment, in: &overrides, board: board, text: context.text)
    }

    let bytes = try context.readInput(path)
    let recorder: Recorder
    let contents: SavedTrace.Contents
    do {
      contents = try SavedTrace.read(bytes)
      recorder = try SavedTrace.replay(contents, board: board, model: model, overrides: overrides)
    } catch {
      throw CommandFailure(.dataError, context.text.badTrace(path, error, board: board.name))
    }
    if let line = contents.restartLine {
      context.console.say(context.text.traceRestarted(line))
    }
    let title = path == "-" ? "kocode plot" : URL(fileURLWithPath: path).lastPathComponent
    let durationUS = recorder.endUS ?? (contents.events.last?.timeMS ?? 0) * 1000
    var files = RunFiles(arguments)
    files.plot = output
    try files.write(
      recorder, board: board, title: title, durationUS: durationUS, context: context)
    return .success
  }
}
