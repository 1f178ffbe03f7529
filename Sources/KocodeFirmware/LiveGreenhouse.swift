import Foundation
import KocodeBoard
import KocodeVM

/// The simulated greenhouse of `kocode run` (`Greenhouse`), live against a
/// virtual board: the board's output pins drive the model (the pump waters
/// the soil and empties the tank), and the model's sensors go back to the
/// board as `analog` and `digital` control lines, the raw readings and pin
/// levels that the firmware converts to the model's values.
///
/// The model's clock is the virtual board's: kc-vboard's microseconds since
/// it started, which the pin events carry and `ping` answers. A reset of
/// the chip does not restart it, as a real greenhouse goes on when its
/// board resets. The sensors are brought up to date every `periodUS` of
/// board time, and at the exact moment a switch (the float switch, the
/// button) changes in between; only readings that changed are sent.
public final class LiveGreenhouse: @unchecked Sendable {
  /// How often the sensors are brought up to date, in board microseconds.
  public static let defaultPeriodUS: Int64 = 100_000

  /// What the loop did so far.
  public struct Statistics: Sendable, Equatable {
    /// Times the sensors were brought up to date.
    public var updates = 0
    /// Control lines sent (changed readings only).
    public var commands = 0
    /// Pump changes the model was told of.
    public var pumpChanges = 0
    /// The worst delay, in board microseconds, between the moment an
    /// update was due and the board time it was computed for.
    public var worstLateUS: Int64 = 0
  }

  public let greenhouse: Greenhouse
  public let periodUS: Int64

  /// The board's analog inputs the model drives, with their channels.
  let analogPins: [(name: String, channel: Int)]
  /// The board's digital inputs wired to a switch, with their numbers.
  let digitalPins: [(name: String, number: Int)]
  /// Output pins by the names kc-vboard may give them (`D7`, `PH4`).
  let outputs: [String: (index: Int, activeLow: Bool)]
  let pumpIndex: Int?

  private let lock = NSCondition()
  // Guarded by `lock`.
  private var sent: [String: String] = [:]
  private var latestUS: Int64 = 0
  private var statistics = Statistics()
  private var pumpOn = false
  /// The pump changed since the loop planned its next update.
  private var replan = false
  private var stopping = false
  private var finished = true
  private var loopFailure: FirmwareError?

  public init(
    board: BoardDefinition, greenhouse: Greenhouse, periodUS: Int64 = defaultPeriodUS
  ) {
    self.greenhouse = greenhouse
    self.periodUS = max(periodUS, 1_000)
    let sensors = BoardSensors(board: board)
    analogPins = board.analogInputs.compactMap { name in
      guard let channel = Int(name.dropFirst()), name.first == "A",
        sensors.sensor(onChannel: channel) != nil
          || greenhouse.overrides.analog[channel] != nil
      else { return nil }
      return (name, channel)
    }
    digitalPins = board.digitalInputs.compactMap { name in
      guard let number = Int(name.dropFirst()), name.first == "D",
        sensors.sensor(onPin: number) != nil
      else { return nil }
      return (name, number)
    }
    var outputs: [String: (index: Int, activeLow: Bool)] = [:]
    for (index, output) in board.outputs.enumerated() {
      let wiring = (index, output.activeLow ?? false)
      outputs[output.pin] = wiring
      if let port = board.pins[output.pin] { outputs[port] = wiring }
    }
    self.outputs = outputs
    pumpIndex = board.outputIndex(named: "pump")
  }

  // MARK: - The model and the board

  /// The control lines that give the board's inputs their values at
  /// `timeUS`: every input the first time, then those that changed.
  public func commands(at timeUS: Int64) -> [String] {
    lock.lock()
    defer { lock.unlock() }
    return changedCommands(at: timeUS)
  }

  /// Tells the model of an event from the board: an output pin's change
  /// (a pin that stops being an output switches its output off).
  public func take(_ event: VirtualBoardEvent) {
    guard case .pin(let name, let level, let time) = event,
      let output = outputs[name]
    else { return }
    let on = level != .floating && (level == .high) != output.activeLow
    let timeUS = Int64(clamping: time.microseconds)
    lock.lock()
    defer { lock.unlock() }
    greenhouse.outputChanged(index: output.index, value: on ? 1 : 0, at: timeUS)
    latestUS = max(latestUS, timeUS)
    guard output.index == pumpIndex, on != pumpOn else { return }
    pumpOn = on
    statistics.pumpChanges += 1
    // The tank now empties (or stops): the float switch's moment moves.
    replan = true
    lock.broadcast()
  }

  /// What the loop did so far.
  public var report: Statistics {
    lock.lock()
    defer { lock.unlock() }
    return statistics
  }

  /// Why the loop ended before `stop`, if it did (the board went away).
  public var failure: FirmwareError? {
    lock.lock()
    defer { lock.unlock() }
    return loopFailure
  }

  private func changedCommands(at timeUS: Int64) -> [String] {
    let time = max(timeUS, latestUS)
    latestUS = time
    var lines: [String] = []
    for pin in analogPins {
      let raw = String(greenhouse.analogRaw(channel: pin.channel, at: time))
      if sent[pin.name] != raw { lines.append("analog \(pin.name) \(raw)") }
      sent[pin.name] = raw
    }
    for pin in digitalPins {
      let level = greenhouse.digitalLevel(pin: pin.number, at: time) ? "1" : "0"
      if sent[pin.name] != level { lines.append("digital \(pin.name) \(level)") }
      sent[pin.name] = level
    }
    return lines
  }

  // MARK: - The loop

  /// Starts bringing the board's sensors up to date on a thread of its
  /// own, until `stop` or the end of the board. The process must hand its
  /// events to `take` (`VirtualBoardProcess.Options.eventHandler`).
  public func run(on process: VirtualBoardProcess) {
    lock.lock()
    stopping = false
    finished = false
    lock.unlock()
    let thread = Thread { [self] in
      do throws(FirmwareError) {
        try loop(process)
      } catch {
        lock.lock()
        if !stopping { loopFailure = error }
        lock.unlock()
      }
      lock.lock()
      finished = true
      lock.broadcast()
      lock.unlock()
    }
    thread.name = "kocode live greenhouse"
    thread.start()
  }

  /// Stops the loop and waits for its last update.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    stopping = true
    lock.broadcast()
    let deadline = Date(timeIntervalSinceNow: 12)
    while !finished && lock.wait(until: deadline) {}
  }

  private func loop(_ process: VirtualBoardProcess) throws(FirmwareError) {
    var dueUS: Int64?
    while true {
      // The board runs in step with the wall clock, within a millisecond:
      // its answer says which instant the readings are for.
      let now = Int64(clamping: try process.ping().microseconds)
      let answered = Date()
      lock.lock()
      if stopping {
        lock.unlock()
        return
      }
      let lines = changedCommands(at: now)
      statistics.updates += 1
      statistics.commands += lines.count
      if let dueUS { statistics.worstLateUS = max(statistics.worstLateUS, now - dueUS) }
      lock.unlock()
      for line in lines { try process.send(line) }

      lock.lock()
      replan = true
      var nextUS = now
      while !stopping {
        if replan {
          replan = false
          nextUS = nextUpdate(after: max(now, latestUS))
        }
        let wait = Double(max(nextUS - now, 1_000)) / 1_000_000
        if !lock.wait(until: answered.addingTimeInterval(wait)) { break }
      }
      let stop = stopping
      lock.unlock()
      if stop { return }
      dueUS = nextUS
    }
  }

  /// The next update: one period on, or sooner when a switch changes on
  /// the way (the float switch as the pump empties the tank, a press of
  /// the button), so the firmware's 10 ms tank check sees it in time.
  private func nextUpdate(after timeUS: Int64) -> Int64 {
    var next = timeUS + periodUS
    for press in greenhouse.model.buttonPresses {
      for edge in [press.startUS, press.startUS + press.lengthUS]
      where edge > timeUS && edge < next {
        next = edge
      }
    }
    for pin in digitalPins {
      let level = greenhouse.digitalLevel(pin: pin.number, at: timeUS)
      guard greenhouse.digitalLevel(pin: pin.number, at: next) != level else { continue }
      // The switches are closed formulas of time: the first change is
      // found by halving, 17 looks for 100 ms.
      var low = timeUS
      var high = next
      while high - low > 1 {
        let middle = low + (high - low) / 2
        if greenhouse.digitalLevel(pin: pin.number, at: middle) == level {
          low = middle
        } else {
          high = middle
        }
      }
      next = high
    }
    return next
  }
}

extension LiveGreenhouse {
  /// The control lines that fix the `--set` sensors and raw pins, for a
  /// board without the model: a set sensor's pin gets the raw reading or
  /// the level that the firmware converts back to the value.
  public static func fixedInputs(_ overrides: SensorOverrides, board: BoardDefinition)
    -> [String]
  {
    let sensors = BoardSensors(board: board)
    var lines: [String] = []
    for sensor in SensorKind.allCases {
      guard let value = overrides.value(of: sensor), let pin = board.sensors[sensor.rawValue]?.pin
      else { continue }
      if sensors.channel(of: sensor) != nil {
        lines.append("analog \(pin) \(sensors.raw(of: sensor, value: value))")
      } else {
        lines.append("digital \(pin) \(sensors.level(of: sensor, value: value != 0) ? 1 : 0)")
      }
    }
    for (channel, raw) in overrides.analog.sorted(by: { $0.key < $1.key }) {
      lines.append("analog A\(channel) \(raw)")
    }
    return lines
  }
}
