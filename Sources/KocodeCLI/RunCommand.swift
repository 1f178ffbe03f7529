import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeSupport
import KocodeVM

/// `kocode run PROGRAM|IMAGE [--board B] [--for DURATION] [--set SENSOR=VALUE]…
/// [--seed N] [--trace FILE|-] [--csv FILE] [--csv-excel FILE] [--plot FILE.svg]
/// [--vm swift]`, with the greenhouse flags of `GreenhouseOptions`.
enum RunCommand {
  static let usage =
    "kocode run PROGRAM|IMAGE [--board B] [--for DURATION] [--set SENSOR=VALUE]... "
    + "[--seed N] [--trace FILE|-] [--csv FILE] [--csv-excel FILE] [--plot FILE.svg]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments,
      valued: Set([
        "--board", "--for", "--set", "--seed", "--trace", "--vm", "--csv", "--csv-excel",
        "--plot",
      ]).union(GreenhouseOptions.valued),
      flags: [], text: context.text)
    guard arguments.positional.count == 1 else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    let options = try RunOptions(arguments, context: context)
    let model = try GreenhouseOptions.model(arguments, text: context.text)
    let files = RunFiles(arguments)
    let path = arguments.positional[0]
    let (image, board) = try load(path, options: options, context: context)
    var overrides = SensorOverrides()
    for assignment in arguments.all("--set") {
      try set(assignment, in: &overrides, board: board, text: context.text)
    }

    let greenhouse = Greenhouse(board: board, overrides: overrides, model: model)
    let recorder = files.wanted ? Recorder(greenhouse: greenhouse) : nil
    let machine: any TraceRunner =
      options.vm == .c
      ? CMachine(image: image, board: board, environment: greenhouse, seed: options.seed)
      : Machine(image: image, board: board, environment: greenhouse, seed: options.seed)
    let reason = try execute(machine, options: options, context: context) { event in
      recorder?.record(event)
    }
    if let recorder {
      let name = path == "-" ? "kocode run" : URL(fileURLWithPath: path).lastPathComponent
      try files.write(
        recorder, board: board, title: name, durationUS: recorder.endUS ?? options.limitUS,
        context: context)
    }
    context.console.detail(
      Localized(
        fr: "\(machine.instructionCount) instructions exécutées.",
        en: "\(machine.instructionCount) instructions executed."))
    return reason == .error ? .failure : .success
  }

  /// The program as an image: a `.kbc` file is read and verified, anything
  /// else is compiled.
  static func load(
    _ path: String, options: RunOptions, context: Kocode.Context
  ) throws(CommandFailure) -> (Image, BoardDefinition) {
    let bytes = try context.readInput(path)
    if bytes.starts(with: [0x4B, 0x43]) {
      let board = try options.board.map { name throws(CommandFailure) in try context.board(name) }
      return try DisasmCommand.verified(bytes, path: path, board: board, context: context)
    }
    let board = try context.board(options.board)
    let compilation = Compiler.compile(bytes, board: board)
    DiagnosticText.print(
      compilation.diagnostics.filter { $0.isError || context.console.verbosity != .quiet },
      file: path, to: context.console)
    guard let image = compilation.image else {
      throw CommandFailure(
        .dataError, DiagnosticText.summary(compilation.diagnostics).text(context.text.language))
    }
    return (image, board)
  }

  static func set(
    _ assignment: String, in overrides: inout SensorOverrides, board: BoardDefinition,
    text: CLIText
  ) throws(CommandFailure) {
    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Int(parts[1]) else {
      throw CommandFailure(.usage, text.badSet(assignment))
    }
    do {
      try overrides.set(parts[0].lowercased(), to: value, board: board)
    } catch {
      switch error {
      case .unknownSensor(let name):
        let pins = board.analogInputs.map { $0.lowercased() }
        let known = SensorKind.allCases.map(\.rawValue) + pins
        throw CommandFailure(.usage, text.unknownSensor(name, known: known))
      case .outOfRange(let name, let range):
        throw CommandFailure(.usage, text.sensorOutOfRange(name, parts[1], range))
      case .conflict(let sensor, let pin):
        throw CommandFailure(.usage, text.sensorAndPin(sensor, pin))
      }
    }
  }

  /// Runs the machine, writing the trace and the timeline as events happen.
  static func execute(
    _ machine: any TraceRunner, options: RunOptions, context: Kocode.Context,
    observe: (TraceEvent) -> Void = { _ in }
  ) throws(CommandFailure) -> EndReason {
    var traceFile: FileHandle?
    if let path = options.trace, path != "-" {
      guard FileManager.default.createFile(atPath: path, contents: nil),
        let handle = FileHandle(forWritingAtPath: path)
      else { throw CommandFailure(.ioError, context.text.cannotWrite(path)) }
      traceFile = handle
    }
    defer { try? traceFile?.close() }
    let console = context.console
    let language = console.language
    let traceOnly = options.trace == "-"
    var writeFailed = false
    let reason = machine.run(limitUS: options.limitUS) { event in
      observe(event)
      if traceOnly {
        console.line(event.jsonLine)
        return
      }
      if let traceFile {
        do {
          try traceFile.write(contentsOf: Data((event.jsonLine + "\n").utf8))
        } catch {
          writeFailed = true
        }
      }
      console.line(event.text(language))
    }
    if writeFailed, let path = options.trace {
      throw CommandFailure(.ioError, context.text.cannotWrite(path))
    }
    return reason
  }
}

/// The options of `kocode run`, checked.
struct RunOptions {
  var board: String?
  var limitUS: Int64 = 60_000_000
  var seed: UInt32 = 1
  var vm = VMKind.swift
  var trace: String?

  init(_ arguments: Arguments, context: Kocode.Context) throws(CommandFailure) {
    let text = context.text
    board = arguments.value("--board")
    trace = arguments.value("--trace")
    if let duration = arguments.value("--for") {
      guard let microseconds = Self.duration(duration) else {
        throw CommandFailure(.usage, text.badDuration(duration))
      }
      limitUS = microseconds
    }
    if let value = arguments.value("--seed") {
      guard let seed = UInt32(value), seed != 0 else {
        throw CommandFailure(.usage, text.badSeed(value))
      }
      self.seed = seed
    }
    if let name = arguments.value("--vm") {
      guard let vm = VMKind(rawValue: name) else { throw CommandFailure(.usage, text.badVM(name)) }
      self.vm = vm
    }
  }

  /// `500ms`, `20s`, `5m`, `2h` in microseconds; nil for anything else.
  static func duration(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
      ("ms", 1000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
    ]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      let digits = text.dropLast(suffix.count)
      guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
        let value = Int64(digits), value <= Int64.max / scale
      else { return nil }
      return value * scale
    }
    return nil
  }
}

/// Which VM runs the program: the Swift reference VM, or the board's C VM
/// built for this computer.
enum VMKind: String {
  case swift, c
}

/// What `kocode run` needs of a VM: both give the same trace events.
protocol TraceRunner: AnyObject {
  var instructionCount: Int { get }
  @discardableResult
  func run(limitUS: Int64, emit: (TraceEvent) -> Void) -> EndReason
}

extension Machine: TraceRunner {}
extension CMachine: TraceRunner {}
