/// What a run did over time, for CSV files, plots and mission criteria:
/// every trace event, and the greenhouse sampled at a fixed interval of
/// board time, whenever a sensor reading or the pump changes, and at every
/// event.
///
/// A recorder watches the greenhouse's steps, so it costs one comparison a
/// simulated second, and it never changes the run: the soil's steps do not
/// depend on who asks for them.
public final class Recorder {
  /// The greenhouse at one moment, and what its sensor blocks read then.
  public struct Sample: Sendable, Equatable {
    public var state: GreenhouseState
    public var readings: GreenhouseReadings
    /// The trace event this sample was taken for; nil for a step of the soil.
    public var event: TraceEvent?
    /// Board time, in microseconds.
    public var timeUS: Int64 { state.timeUS }
  }

  public let greenhouse: Greenhouse
  /// Board time between regular samples, in microseconds.
  public let intervalUS: Int64
  /// Samples in time order.
  public private(set) var samples: [Sample] = []
  /// Every trace event, in order.
  public private(set) var events: [TraceEvent] = []
  /// When the run ended, in microseconds, once the `end` event came.
  public private(set) var endUS: Int64?
  /// The readings are a board's own (`init(measured:events:greenhouse:)`):
  /// the tank's water and the water used are not known.
  public private(set) var isMeasured = false

  /// Starts watching a greenhouse that has not run yet. `intervalUS` is
  /// rounded to whole seconds of the soil's steps.
  public init(greenhouse: Greenhouse, intervalUS: Int64 = 10_000_000) {
    self.greenhouse = greenhouse
    let step = Greenhouse.stepUS
    self.intervalUS = max(step, intervalUS / step * step)
    let first = greenhouse.state(at: 0)
    samples.append(Sample(state: first, readings: greenhouse.readings(of: first), event: nil))
    greenhouse.stepObserver = { [unowned self] state in self.observe(state) }
  }

  /// A run measured on a board: the readings its sensors reported, with
  /// their board times in microseconds (in time order), and its trace
  /// events. Each reading holds until the next; the first also stands for
  /// the moments before it (a board reports within 100 ms of a start).
  /// The greenhouse gives only the time of day; nothing is simulated.
  public init(
    measured readings: [(timeUS: Int64, readings: GreenhouseReadings)], events: [TraceEvent],
    greenhouse: Greenhouse
  ) {
    self.greenhouse = greenhouse
    intervalUS = Greenhouse.stepUS
    isMeasured = true
    var pumpOn = false
    var next = readings.startIndex
    var current =
      readings.first?.readings
      ?? GreenhouseReadings(
        soilMoisture: 0, light: 0, temperature: 0, tankEmpty: false, button: false)
    func sample(_ timeUS: Int64, _ event: TraceEvent?) -> Sample {
      let state = GreenhouseState(
        timeUS: timeUS, moisture: Int64(current.soilMoisture) * 1_000_000, tankUL: 0,
        waterUsedUL: 0, wasteUL: 0, light: current.light,
        temperatureTenths: current.temperature * 10, pumpOn: pumpOn,
        buttonPressed: current.button, dryRunUS: 0)
      return Sample(state: state, readings: current, event: event)
    }
    samples.append(sample(0, nil))
    for event in events {
      let timeUS = event.timeMS * 1000
      while next < readings.endIndex, readings[next].timeUS <= timeUS {
        current = readings[next].readings
        samples.append(sample(readings[next].timeUS, nil))
        next += 1
      }
      if case .output(_, "pump", let value) = event { pumpOn = value != 0 }
      self.events.append(event)
      samples.append(sample(timeUS, event))
      if case .end = event { endUS = timeUS }
    }
    while endUS == nil, next < readings.endIndex {
      current = readings[next].readings
      samples.append(sample(readings[next].timeUS, nil))
      next += 1
    }
  }

  /// Takes the next trace event of the run; the `end` event brings the
  /// greenhouse up to the end.
  public func record(_ event: TraceEvent) {
    let timeUS = event.timeMS * 1000
    let state = greenhouse.state(at: timeUS)
    events.append(event)
    samples.append(
      Sample(state: state, readings: greenhouse.readings(of: state), event: event))
    if case .end = event { endUS = timeUS }
  }

  /// After a run that ended early, the greenhouse goes on alone (the board
  /// idle, the pump off) until `timeUS`, and the recording with it.
  public func extend(to timeUS: Int64) {
    guard let last = samples.last, timeUS > last.timeUS else { return }
    let state = greenhouse.state(at: timeUS)
    if samples[samples.count - 1].timeUS < timeUS {
      samples.append(Sample(state: state, readings: greenhouse.readings(of: state), event: nil))
    }
  }

  /// Keeps a step when it is on the interval or something visible changed.
  private func observe(_ state: GreenhouseState) {
    let readings = greenhouse.readings(of: state)
    let last = samples[samples.count - 1]
    guard
      state.timeUS % intervalUS == 0 || readings != last.readings
        || state.pumpOn != last.state.pumpOn
    else { return }
    samples.append(Sample(state: state, readings: readings, event: nil))
  }

  /// The sample in force at a time: the last one at or before it.
  public func sample(at timeUS: Int64) -> Sample {
    var low = 0
    var high = samples.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if samples[middle].timeUS <= timeUS { low = middle } else { high = middle - 1 }
    }
    return samples[low]
  }
}
