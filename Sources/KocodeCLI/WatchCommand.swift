import Foundation
import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeLink
import KocodeMissions
import KocodeSupport
import KocodeVM

/// `kocode watch [--port PORT|auto] [--trace FILE|-] [--for DURATION]
/// [--csv FILE] [--csv-excel FILE] [--plot FILE.svg]`: the program running
/// on a board, live. The trace has the lines of `kocode run`, so that a
/// board's run can be compared with the reference VM's; the data files are
/// those of `kocode run`, drawn from the board's events.
enum WatchCommand {
  static let usage =
    "kocode watch [--port PORT|auto] [--trace FILE|-] [--for DURATION] "
    + "[--csv FILE] [--csv-excel FILE] [--plot FILE.svg]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments,
      valued: Set([
        "--port", "--trace", "--for", "--csv", "--csv-excel", "--plot", "--set",
      ]).union(GreenhouseOptions.valued),
      flags: [], text: context.text)
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
    let output = try TraceOutput(arguments.value("--trace"), context: context)
    let files = try WatchFiles(arguments, context: context)
    let interrupts = InterruptWatch()
    let board = try PortChoice.choose(
      port: arguments.value("--port"), all: false, context: context
    ).boards[0]
    defer { board.client.session.transport.close() }
    var watcher = try Watcher(board: board, context: context, output: output)
    let overrides = try files.overrides(board: watcher.trace.board)
    guard board.client.info.hasProgram else {
      context.console.say(
        Localized(
          fr: "\(board.label) : aucun programme sur cette carte, rien à regarder. "
            + "Envoie-en un avec kocode flash.",
          en: "\(board.label): no program on this board, nothing to watch. "
            + "Send one with kocode flash."))
      return .success
    }
    let code = watch(board, &watcher, until: limit, interrupts: interrupts, context: context)
    try files.write(watcher, overrides: overrides, title: board.label, context: context)
    return code
  }

  /// Shows the run until it ends, the time is up, Ctrl-C, or the board is
  /// gone; the trace's last line is written by then.
  static func watch(
    _ board: PortChoice.Connected, _ watcher: inout Watcher, until limit: Duration?,
    interrupts: InterruptWatch, context: Kocode.Context
  ) -> ExitCode {
    let clock = ContinuousClock()
    let end = limit.map { clock.now + $0 }
    while true {
      if interrupts.fired || end.map({ clock.now >= $0 }) == true {
        if let reason = watcher.detach(asking: board.client) {
          return reason == .error ? .failure : .success
        }
        return .success
      }
      let listening = clock.now
      do {
        try board.client.session.listen(for: .milliseconds(100))
      } catch {
        _ = watcher.take(board.client.session.telemetry(), since: listening)
        _ = watcher.detach(asking: nil)
        context.console.error(
          context.text.pick(
            "\(board.label) a disparu : la carte est débranchée ou le câble a bougé.",
            "\(board.label) is gone: the board was unplugged or the cable moved."))
        return .ioError
      }
      if let reason = watcher.take(board.client.session.telemetry(), since: listening) {
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

/// The data files of a watched run (`--csv`, `--csv-excel`, `--plot`), as
/// `kocode run` writes them, with the sensor readings the board reported
/// (its sensors records, at most every 100 ms when they change): the
/// pupils' own data. The tank's water is not measured, so its columns stay
/// empty. Only a board that reports no readings gets, as `kocode plot` does
/// with a saved trace, a greenhouse simulated from its pump.
struct WatchFiles {
  let files: RunFiles
  let model: Greenhouse.Model
  let assignments: [String]
  let text: CLIText

  init(_ arguments: Arguments, context: Kocode.Context) throws(CommandFailure) {
    files = RunFiles(arguments)
    try files.checkWritable(context)
    model = try GreenhouseOptions.model(arguments, text: context.text)
    assignments = arguments.all("--set")
    text = context.text
  }

  /// The `--set` sensors, checked against the board that answered.
  func overrides(board: BoardDefinition) throws(CommandFailure) -> SensorOverrides {
    var overrides = SensorOverrides()
    for assignment in assignments {
      try RunCommand.set(assignment, in: &overrides, board: board, text: text)
    }
    return overrides
  }

  /// Writes the files asked for from the first run seen (board time starts
  /// again at a reset, so a second run would not fit the same time axis).
  func write(
    _ watcher: Watcher, overrides: SensorOverrides, title: String, context: Kocode.Context
  ) throws(CommandFailure) {
    guard files.wanted else { return }
    guard !watcher.recorded.isEmpty else {
      context.console.say(
        Localized(
          fr: "Aucun événement de la carte : pas de tableau ni de courbes.",
          en: "No event came from the board: no data table and no plot."))
      return
    }
    if watcher.restarted {
      context.console.say(
        Localized(
          fr: "La carte a redémarré : le tableau et les courbes montrent son premier "
            + "programme lancé, jusqu’au redémarrage.",
          en: "The board restarted: the data table and the plot show its first run, up "
            + "to the restart."))
    }
    let board = watcher.trace.board
    let recorder: Recorder
    if watcher.readings.isEmpty {
      context.console.say(
        Localized(
          fr: "La carte n’a envoyé aucune mesure de ses capteurs : les colonnes des capteurs "
            + "viennent de la serre simulée, arrosée par sa pompe.",
          en: "The board sent no sensor readings: the sensor columns come from the simulated "
            + "greenhouse, watered by its pump."))
      let contents = SavedTrace.Contents(events: watcher.recorded)
      do {
        recorder = try SavedTrace.replay(
          contents, board: board, model: model, overrides: overrides)
      } catch {
        throw CommandFailure(.software, "\(error)")
      }
    } else {
      let clock = Greenhouse(board: board, overrides: overrides, model: model)
      recorder = Recorder(
        measured: watcher.readings, events: watcher.recorded, greenhouse: clock)
    }
    let durationUS = recorder.endUS ?? (watcher.recorded.last?.timeMS ?? 0) * 1000
    try files.write(
      recorder, board: board, title: "kocode watch — \(title)", durationUS: durationUS,
      context: context)
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
  /// The board time of the latest record of this run, and the instant just
  /// before the read that brought it: what the end time is estimated from
  /// when the board can no longer be asked.
  var anchor: (timeMS: Int64, at: ContinuousClock.Instant)?
  /// The events of the first run, for the data files.
  var recorded: [TraceEvent] = []
  /// A second `start` came: the board restarted.
  var restarted = false
  /// The sensor readings the board reported during the first run.
  var readings: [(timeUS: Int64, readings: GreenhouseReadings)] = []

  /// A sensors record (`docs/protocol.md`, "Telemetry") as readings.
  static func readings(_ record: TelemetryRecord) -> (timeUS: Int64, readings: GreenhouseReadings) {
    let readings = GreenhouseReadings(
      soilMoisture: Int(record.index), light: Int(record.code), temperature: Int(record.value),
      tankEmpty: record.pc & 1 != 0, button: record.pc & 2 != 0)
    return (Int64(record.timeMS) * 1000, readings)
  }

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
    if image == nil && info.hasProgram {
      context.console.say(
        Localized(
          fr: "Ce programme n’a pas été envoyé depuis cet ordinateur : "
            + "textes et blocs par numéro.",
          en: "This program was not flashed from this computer: texts and blocks by number."))
    }
    // A board that did not restart when its port opened (no auto-reset, or
    // a port opened again too fast) is met mid-run: say what is missing.
    if info.state == .running, info.timeMS >= 1_000 {
      let seconds = info.timeMS / 1_000
      context.console.say(
        Localized(
          fr: "\(board.label) n’a pas redémarré à l’ouverture du port : son programme "
            + "tourne depuis \(seconds) s, la trace commence au milieu de sa course.",
          en: "\(board.label) did not restart when its port opened: its program has run "
            + "for \(seconds) s, the trace starts in the middle of the run."))
    }
    _ = take(board.client.session.telemetry(), since: .now)
  }

  /// Handles records read since `since`; returns the end reason when the
  /// run ended.
  mutating func take(_ records: [TelemetryRecord], since: ContinuousClock.Instant)
    -> EndReason?
  {
    for record in records {
      if started {
        lastTimeMS = max(lastTimeMS, Int64(record.timeMS))
        if record.knownKind != .boot, Int64(record.timeMS) >= anchor?.timeMS ?? 0 {
          anchor = (Int64(record.timeMS), since)
        }
      }
      switch TelemetryRecord.Kind(rawValue: record.kind) {
      case .running:
        view.running[Int(record.index)] = trace.block(at: record.pc)
        continue
      case .sensors:
        view.sensors(record)
        if started && !restarted { readings.append(Self.readings(record)) }
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
      if case .start = event {
        anchor = (event.timeMS, since)
        restarted = restarted || !recorded.isEmpty
      }
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

  mutating func write(_ event: TraceEvent) {
    if !restarted { recorded.append(event) }
    let line = event.jsonLine
    if output.toStandardOutput {
      context.console.line(line)
    } else {
      try? output.file?.write(contentsOf: Data((line + "\n").utf8))
      if !live { context.console.line(event.text(context.console.language)) }
    }
  }

  /// The last line when watching stops while the program still runs, at
  /// the board's time now: asked of the board (its hello carries the
  /// running program's time), else estimated from the latest record and
  /// the computer's clock since it came. Returns the end reason instead
  /// when the run turns out to have ended meanwhile.
  mutating func detach(asking client: BoardClient?) -> EndReason? {
    var timeMS = lastTimeMS
    if let anchor {
      timeMS = max(timeMS, anchor.timeMS + Int64((ContinuousClock.now - anchor.at).milliseconds))
    }
    if let client {
      let asked = ContinuousClock.now
      if let info = try? client.refresh() {
        if let reason = take(client.session.telemetry(), since: asked) {
          try? output.file?.close()
          return reason
        }
        if info.state == .running { timeMS = max(lastTimeMS, Int64(info.timeMS)) }
      }
    }
    write(TraceEvent.end(timeMS: timeMS, reason: .detached))
    try? output.file?.close()
    return nil
  }

  mutating func redraw(force: Bool) {
    guard live, force || ContinuousClock.now - lastDraw >= .milliseconds(200) else { return }
    lastDraw = .now
    context.console.out(view.render())
  }
}
