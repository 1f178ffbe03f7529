import Foundation
import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeLink
import KocodeSupport
import KocodeVM

/// `kocode watch [--port PORT|auto] [--trace FILE|-] [--for DURATION]`:
/// the program running on a board, live. The trace has the lines of
/// `kocode run`, so that a board's run can be compared with the
/// reference VM's.
enum WatchCommand {
  static let usage = "kocode watch [--port PORT|auto] [--trace FILE|-] [--for DURATION]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--port", "--trace", "--for"], flags: [], text: context.text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    var limit: Duration?
    if let text = arguments.value("--for") {
      guard let microseconds = RunOptions.duration(text) else {
        throw CommandFailure(.usage, context.text.badDuration(text))
      }
      limit = .microseconds(microseconds)
    }
    let traceOption = arguments.value("--trace")
    let output = try TraceOutput(traceOption, context: context)
    let interrupts = InterruptWatch()
    let board = try PortChoice.choose(
      port: arguments.value("--port"), all: false, context: context)[0]
    defer { board.client.session.transport.close() }
    var watcher = try Watcher(board: board, context: context, output: output)
    guard board.client.info.hasProgram else {
      context.console.say(
        Localized(
          fr: "\(board.label) : aucun programme sur cette carte, rien à regarder. "
            + "Envoie-en un avec kocode flash.",
          en: "\(board.label): no program on this board, nothing to watch. "
            + "Send one with kocode flash."))
      return .success
    }
    let clock = ContinuousClock()
    let end = limit.map { clock.now + $0 }
    while true {
      if interrupts.fired || end.map({ clock.now >= $0 }) == true {
        watcher.detach()
        return .success
      }
      do {
        try board.client.session.listen(for: .milliseconds(100))
      } catch {
        watcher.detach()
        context.console.error(
          context.text.pick(
            "\(board.label) a disparu : la carte est débranchée ou le câble a bougé.",
            "\(board.label) is gone: the board was unplugged or the cable moved."))
        return .ioError
      }
      if let reason = watcher.take(board.client.session.telemetry()) {
        watcher.redraw(force: true)
        return reason == .error ? .failure : .success
      }
      watcher.redraw(force: false)
    }
  }
}

/// Where the trace goes: a file, standard output (`-`), or nowhere.
struct TraceOutput {
  let toStandardOutput: Bool
  let file: FileHandle?

  init(_ option: String?, context: Kocode.Context) throws(CommandFailure) {
    toStandardOutput = option == "-"
    if let path = option, path != "-" {
      guard FileManager.default.createFile(atPath: path, contents: nil),
        let handle = FileHandle(forWritingAtPath: path)
      else { throw CommandFailure(.ioError, context.text.cannotWrite(path)) }
      file = handle
    } else {
      file = nil
    }
  }
}

/// The state of one watch: the trace written so far and the view.
struct Watcher {
  let context: Kocode.Context
  let output: TraceOutput
  let trace: BoardTrace
  let live: Bool
  var view: WatchView
  var lastTimeMS: Int64 = 0
  var started = false
  var lastDraw = ContinuousClock.now

  init(board: PortChoice.Connected, context: Kocode.Context, output: TraceOutput)
    throws(CommandFailure)
  {
    self.context = context
    self.output = output
    let info = board.client.info
    let store = ImageStore(environment: context.environment)
    let image = store.image(crc: info.programCRC)
    let definition = try context.board(id: info.boardID)
    trace = BoardTrace(board: definition, image: image)
    live = !output.toStandardOutput && isatty(STDOUT_FILENO) == 1
    let workspace = store.source(crc: info.programCRC).flatMap { try? WorkspaceReader.read($0) }
    view = WatchView(
      title: "Kocode — \(board.label)", language: context.console.language,
      colour: context.environment["NO_COLOR"] == nil, workspace: workspace)
    if image == nil {
      context.console.say(
        Localized(
          fr: "Ce programme n’a pas été envoyé depuis cet ordinateur : "
            + "textes et blocs par numéro.",
          en: "This program was not flashed from this computer: texts and blocks by number."))
    }
    _ = take(board.client.session.telemetry())
  }

  /// Handles records; returns the end reason when the run ended.
  mutating func take(_ records: [TelemetryRecord]) -> EndReason? {
    for record in records {
      if started { lastTimeMS = max(lastTimeMS, Int64(record.timeMS)) }
      switch TelemetryRecord.Kind(rawValue: record.kind) {
      case .running:
        view.running[Int(record.index)] = trace.block(at: record.pc)
        continue
      case .sensors:
        view.sensors(record)
        continue
      case .boot:
        if started {
          view.note(
            context.text.pick(
              "— la carte a redémarré —", "— the board restarted —"))
        }
        continue
      default:
        break
      }
      guard let event = trace.event(record) else { continue }
      started = true
      lastTimeMS = event.timeMS
      write(event)
      switch event {
      case .start:
        view.errorBlock = nil
        view.errorText = nil
        view.running = [:]
      case .output(_, let name, let value):
        view.outputs[name] = value
      case .error(_, _, let block):
        view.errorBlock = block
        view.errorText = event.text(context.console.language)
      case .end(_, let reason):
        view.status = event.text(context.console.language)
        return reason
      default:
        break
      }
      if case .start = event {} else { view.note(event.text(context.console.language)) }
    }
    return nil
  }

  func write(_ event: TraceEvent) {
    let line = event.jsonLine
    if output.toStandardOutput {
      context.console.line(line)
    } else {
      try? output.file?.write(contentsOf: Data((line + "\n").utf8))
      if !live { context.console.line(event.text(context.console.language)) }
    }
  }

  /// The last line when watching stops while the program still runs.
  mutating func detach() {
    let event = TraceEvent.end(timeMS: lastTimeMS, reason: .detached)
    write(event)
    try? output.file?.close()
  }

  mutating func redraw(force: Bool) {
    guard live, force || ContinuousClock.now - lastDraw >= .milliseconds(200) else { return }
    lastDraw = .now
    context.console.out(view.render())
  }
}
