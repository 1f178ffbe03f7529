import KocodeBoard
import KocodeBytecode
import KocodeVM
import Testing

/// Recording a run for CSV files and plots, without changing the run.
@Suite struct GreenhouseRecorderTests {
  let board = Fixtures.board
  let hourUS: Int64 = 3_600_000_000

  /// Every 10 s: log the soil; below 45 %, water for 5 s.
  let image = Fixtures.image { a in
    a.script("kocode_every")
    a.label("top")
    a.emit(.pushI8, 10)
    a.emit(.everyBegin)
    a.emit(.soil)
    a.emit(.logNum, "soil")
    a.emit(.soil)
    a.emit(.pushI8, 45)
    a.emit(.lt)
    a.emit(.jumpIfFalse, "next")
    SafetyTests.water(&a, seconds: 5)
    a.label("next")
    a.emit(.everyNext, "top")
  }

  func noisyModel() -> Greenhouse.Model {
    var model = Greenhouse.Model()
    model.noise = 2
    return model
  }

  @Test func recordingDoesNotChangeTheRun() {
    let plain = Greenhouse(board: board, model: noisyModel())
    let watched = Greenhouse(board: board, model: noisyModel())
    let recorder = Recorder(greenhouse: watched)
    let expected = Machine(image: image, board: board, environment: plain).trace(
      limitUS: 6 * hourUS)
    var events: [TraceEvent] = []
    Machine(image: image, board: board, environment: watched).run(limitUS: 6 * hourUS) {
      recorder.record($0)
      events.append($0)
    }
    #expect(events == expected)
    #expect(recorder.events == expected)
    #expect(watched.state(at: 6 * hourUS) == plain.state(at: 6 * hourUS))
  }

  @Test func samplesComeEveryIntervalAndAtEveryChange() {
    let greenhouse = Greenhouse(board: board)
    let recorder = Recorder(greenhouse: greenhouse, intervalUS: 10_000_000)
    Machine(image: image, board: board, environment: greenhouse).run(limitUS: 2 * hourUS) {
      recorder.record($0)
    }
    let samples = recorder.samples
    #expect(recorder.endUS == 2 * hourUS)
    #expect(samples.first?.timeUS == 0)
    #expect(samples.last?.timeUS == 2 * hourUS)
    #expect(zip(samples, samples.dropFirst()).allSatisfy { $0.timeUS <= $1.timeUS })
    // One sample every 10 s of the soil's steps at least.
    let steps = samples.filter { $0.event == nil && $0.timeUS % 10_000_000 == 0 }
    #expect(steps.count >= 720)
    // Every change of a reading has its sample, whatever the interval.
    for (previous, next) in zip(samples, samples.dropFirst()) where next.event == nil {
      let onGrid = next.timeUS % 10_000_000 == 0
      #expect(
        onGrid || next.readings != previous.readings || next.state.pumpOn != previous.state.pumpOn)
    }
    // And every event has its own sample, in order.
    #expect(samples.compactMap(\.event) == recorder.events)
  }

  @Test func theSampleInForceAtATime() {
    let greenhouse = Greenhouse(board: board)
    let recorder = Recorder(greenhouse: greenhouse)
    recorder.extend(to: hourUS)
    #expect(recorder.sample(at: 25_000_000).timeUS == 20_000_000)
    #expect(recorder.sample(at: hourUS * 2).timeUS == hourUS)
    #expect(recorder.sample(at: 0).timeUS == 0)
  }
}
