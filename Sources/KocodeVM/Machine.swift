import KocodeBoard
import KocodeBytecode

/// The reference VM: runs an image against an environment and writes the
/// trace of `cli.md`, following `docs/bytecode.md` to the microsecond.
///
/// A machine runs once: create it with an image, a board, an environment
/// and a random seed, then call `run(limitUS:emit:)`. It never traps on a
/// bad image: an instruction it cannot run ends the run with the runtime
/// error `bad_instruction` (or `stack_overflow`), as the board would.
public final class Machine {
  public let image: Image
  public let board: BoardDefinition
  public let environment: any Environment

  /// Instructions executed so far.
  public internal(set) var instructionCount = 0
  /// Board time in microseconds: where the run is, or where it ended.
  public internal(set) var timeUS: Int64 = 0
  /// The value of every output, by index in the board's `outputs`.
  public internal(set) var outputValues: [Int32]
  /// Why the run ended, once it has.
  public private(set) var endReason: EndReason?

  // The code, the shared stack and the globals, as raw memory so that the
  // dispatch loop reads them without array checks; every index is checked
  // by hand instead.
  let code: UnsafeMutablePointer<UInt8>
  let codeCount: Int
  let stack: UnsafeMutablePointer<Int32>
  let stackCount: Int
  let globals: UnsafeMutablePointer<Int32>
  let globalCount: Int

  let texts: [String]
  let analogChannelCount: Int
  var tasks: [Task]
  var randomState: UInt32
  var limitUS: Int64 = 0
  /// When the last task to end ran its last instruction.
  var lastEndUS: Int64 = 0
  /// When `STOP_ALL` ran.
  var stopUS: Int64 = 0
  var failure: Failure?
  /// A problem with the image found before its first instruction.
  let startupFailure: Failure?

  /// The pump's output index, or -1 when the board has none.
  let pumpIndex: Int
  let pumpMaxOnUS: Int64
  /// The pump refuses "on" until the program switches it off.
  var pumpLatched = false
  /// When the running pump is cut for running too long (`Int64.max` when off).
  var pumpCutUS = Int64.max
  /// The next grid point where the tank is checked (`Int64.max` when off).
  var tankCheckUS = Int64.max

  var sink: (TraceEvent) -> Void = { _ in }

  /// Zero bytes after the code: an instruction whose operands run past the
  /// end reads zeros, and the next fetch finds `FUNCTION`, which never runs.
  static let codePadding = 8

  /// Prepares a run. `seed` is the initial xorshift32 state (`--seed`,
  /// default 1); 0 would never change, so it counts as 1.
  public init(
    image: Image, board: BoardDefinition, environment: any Environment, seed: UInt32 = 1
  ) {
    self.image = image
    self.board = board
    self.environment = environment
    texts = image.host.texts
    analogChannelCount = board.analogInputs.count
    randomState = seed == 0 ? 1 : seed
    outputValues = Array(repeating: 0, count: board.outputs.count)
    pumpIndex = board.outputIndex(named: "pump") ?? -1
    let maxOn = Int64(board.safety.pumpMaxOnMs)
    pumpMaxOnUS = maxOn > 0 ? maxOn * 1000 : Int64.max

    codeCount = image.code.count
    let padded = UnsafeMutablePointer<UInt8>.allocate(capacity: codeCount + Self.codePadding)
    padded.initialize(repeating: 0, count: codeCount + Self.codePadding)
    image.code.withUnsafeBufferPointer { bytes in
      if let start = bytes.baseAddress { padded.update(from: start, count: bytes.count) }
    }
    code = padded
    globalCount = Int(image.globalCount)
    globals = .allocate(capacity: max(1, globalCount))
    globals.initialize(repeating: 0, count: max(1, globalCount))

    let layout = Self.layout(of: image)
    tasks = layout.tasks
    startupFailure = layout.failure
    stackCount = layout.slots
    stack = .allocate(capacity: max(1, stackCount))
    stack.initialize(repeating: 0, count: max(1, stackCount))
    if startupFailure == nil {
      for index in tasks.indices { enterScript(&tasks[index]) }
    }
  }

  deinit {
    code.deallocate()
    stack.deallocate()
    globals.deallocate()
  }

  /// The longest run: half of `Int64`, about 146,000 years, so that adding
  /// any wait or period to a time before the limit cannot overflow.
  public static let longestRunUS = Int64.max / 2

  /// Runs the program from board time 0 up to, not including, `limitUS`
  /// (at most `longestRunUS`), handing each trace event to `emit` as it
  /// happens: `start` first, `end` last. Returns why the run ended. A
  /// second call returns the first call's reason and emits nothing.
  @discardableResult
  public func run(limitUS: Int64, emit: (TraceEvent) -> Void) -> EndReason {
    if let endReason { return endReason }
    return withoutActuallyEscaping(emit) { emit in
      sink = emit
      defer { sink = { _ in } }
      self.limitUS = min(max(0, limitUS), Self.longestRunUS)
      let reason = schedule()
      endReason = reason
      return reason
    }
  }

  /// Runs the program and returns its whole trace.
  public func trace(limitUS: Int64) -> [TraceEvent] {
    var events: [TraceEvent] = []
    run(limitUS: limitUS) { events.append($0) }
    return events
  }

  func emit(_ event: TraceEvent) { sink(event) }
}
