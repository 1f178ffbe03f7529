import CKocodeVM
import KocodeBoard
import KocodeBytecode
import KocodeVM

/// The C VM (`Sources/CKocodeVM`, the board's interpreter) driven from
/// Swift with the reference VM's shape: same environment, same trace.
///
/// The C machine reports numbers; this class turns them into the
/// `TraceEvent`s of `Machine` with the image's host section (texts, block
/// ids) and the board's output names. Like `Machine`, it runs any image,
/// verified or not, and runs once.
public final class CMachine {
  public let image: Image
  public let board: BoardDefinition
  public let environment: any Environment

  /// Why the run ended, once it has.
  public private(set) var endReason: EndReason?

  /// The C machine's memory: `kc_vm_size()` bytes, opaque to Swift.
  private let memory: UnsafeMutableRawPointer
  private let code: UnsafeMutablePointer<UInt8>
  private let boardDescription: UnsafeMutablePointer<kc_board>
  private let platform: UnsafeMutablePointer<kc_platform>
  private var sink: (TraceEvent) -> Void = { _ in }

  /// Prepares a run. `seed` is the initial xorshift32 state (0 counts as 1).
  public init(
    image: Image, board: BoardDefinition, environment: any Environment, seed: UInt32 = 1
  ) {
    self.image = image
    self.board = board
    self.environment = environment
    memory = .allocate(byteCount: kc_vm_size(), alignment: 16)
    let code = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, image.code.count))
    code.initialize(repeating: 0, count: max(1, image.code.count))
    image.code.withUnsafeBufferPointer { bytes in
      if let start = bytes.baseAddress { code.update(from: start, count: bytes.count) }
    }
    self.code = code
    boardDescription = .allocate(capacity: 1)
    boardDescription.initialize(to: CBoard.make(board))
    platform = .allocate(capacity: 1)
    platform.initialize(to: kc_platform())
    platform.pointee.read_code = kc_read_code_from_memory
    platform.pointee.code = UnsafeRawPointer(code)
    platform.pointee.read_sensor = readSensorHook
    platform.pointee.read_analog = readAnalogHook
    platform.pointee.read_digital = readDigitalHook
    platform.pointee.write_output = writeOutputHook
    platform.pointee.trace = traceHook
    platform.pointee.context = Unmanaged.passUnretained(self).toOpaque()
    var header = CBoard.header(of: image)
    _ = kc_vm_init(machine, boardDescription, platform, &header, seed)
  }

  deinit {
    memory.deallocate()
    code.deallocate()
    boardDescription.deallocate()
    platform.deallocate()
  }

  private var machine: OpaquePointer { OpaquePointer(memory) }

  /// Instructions executed so far.
  public var instructionCount: Int { Int(kc_vm_instruction_count(machine)) }

  /// Board time in microseconds: where the run is, or where it ended.
  public var timeUS: Int64 { kc_vm_time_us(machine) }

  /// The value of every output, by index in the board's `outputs`.
  public var outputValues: [Int32] {
    board.outputs.indices.map { kc_vm_output(machine, UInt8(truncatingIfNeeded: $0)) }
  }

  /// Runs the program from board time 0 up to, not including, `limitUS`,
  /// handing each trace event to `emit` as it happens: `start` first, `end`
  /// last. Returns why the run ended; a second call returns the first
  /// call's reason and emits nothing.
  @discardableResult
  public func run(limitUS: Int64, emit: (TraceEvent) -> Void) -> EndReason {
    if let endReason { return endReason }
    return withoutActuallyEscaping(emit) { emit in
      sink = emit
      defer { sink = { _ in } }
      let reason = Self.endReason(kc_vm_run(machine, limitUS))
      endReason = reason
      return reason
    }
  }

  /// Runs the program up to `untilUS` and pauses there, as the firmware
  /// does between two looks at its clock (`kc_vm_run_until`): nil while
  /// the program goes on, the end reason once it finished, stopped or
  /// failed. Later calls, and `run(limitUS:emit:)`, go on exactly where
  /// this one paused: a run cut into pieces gives the trace of one run.
  public func advance(untilUS: Int64, emit: (TraceEvent) -> Void) -> EndReason? {
    if let endReason { return endReason }
    return withoutActuallyEscaping(emit) { emit in
      sink = emit
      defer { sink = { _ in } }
      let code = kc_vm_run_until(machine, untilUS)
      guard UInt32(code) != KC_END_NONE.rawValue else { return nil }
      endReason = Self.endReason(code)
      return endReason
    }
  }

  /// Moves board time forward to `nowUS` when the machine is behind, as
  /// the firmware does when its instructions took longer than their cost
  /// (`kc_vm_catch_up`): the board events on the way happen at their time.
  public func catchUp(toUS nowUS: Int64, emit: (TraceEvent) -> Void) {
    withoutActuallyEscaping(emit) { emit in
      sink = emit
      defer { sink = { _ in } }
      kc_vm_catch_up(machine, nowUS)
    }
  }

  /// When the machine next has something to do (`kc_vm_next_event_us`):
  /// its time when a task is ready, else the earliest wake-up or board
  /// event; `Int64.max` once the run ended.
  public var nextEventUS: Int64 { kc_vm_next_event_us(machine) }

  /// Runs the program and returns its whole trace.
  public func trace(limitUS: Int64) -> [TraceEvent] {
    var events: [TraceEvent] = []
    run(limitUS: limitUS) { events.append($0) }
    return events
  }

  static func endReason(_ code: UInt8) -> EndReason { EndReason(numeric: code) }

  /// A numeric event of the C machine as the reference VM writes it.
  fileprivate func deliver(_ event: kc_event) {
    let converted = TraceEvent.numeric(
      kind: event.kind, index: event.index, code: event.code, value: event.value,
      pc: event.pc, timeMS: event.time_us / 1000, board: board, image: image)
    if let converted { sink(converted) }
  }

  fileprivate static func from(_ context: UnsafeMutableRawPointer?) -> CMachine {
    Unmanaged<CMachine>.fromOpaque(context!).takeUnretainedValue()
  }

  fileprivate static let sensors: [SensorKind] = [
    .soilMoisture, .light, .temperature, .tankEmpty, .button,
  ]
}

// The hooks the C machine calls, with the machine as their context.

private typealias Context = UnsafeMutableRawPointer?

private let readSensorHook: @convention(c) (Context, UInt8, Int64) -> Int32 = {
  context, sensor, time in
  let machine = CMachine.from(context)
  guard Int(sensor) < CMachine.sensors.count else { return 0 }
  return machine.environment.reading(CMachine.sensors[Int(sensor)], at: time)
}

private let readAnalogHook: @convention(c) (Context, UInt8, Int64) -> Int32 = {
  context, channel, time in
  CMachine.from(context).environment.analogRaw(channel: Int(channel), at: time)
}

private let readDigitalHook: @convention(c) (Context, UInt8, Int64) -> UInt8 = {
  context, pin, time in
  CMachine.from(context).environment.digitalLevel(pin: Int(pin), at: time) ? 1 : 0
}

private let writeOutputHook: @convention(c) (Context, UInt8, Int32, Int64) -> Void = {
  context, output, value, time in
  CMachine.from(context).environment.outputChanged(index: Int(output), value: value, at: time)
}

private let traceHook: @convention(c) (Context, UnsafePointer<kc_event>?) -> Void = {
  context, event in
  guard let event else { return }
  CMachine.from(context).deliver(event.pointee)
}
