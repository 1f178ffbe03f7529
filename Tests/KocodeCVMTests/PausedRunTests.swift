import KocodeBytecode
import KocodeCVM
import KocodeVM
import Testing

/// `kc_vm_run_until`: a run cut into pieces, as the firmware drives it
/// from its clock, gives the trace of one run.
@Suite struct PausedRunTests {
  @Test func aRunInPiecesIsOneRun() {
    var random = TestRandom(seed: 31)
    let images = ImageSources.golden + ImageSources.random(count: 120, seed: 0xBEEF)
    for image in images {
      let limit: Int64 = 4_000_000
      let whole = CMachine(image: image, board: Fixtures.board, environment: TestEnvironment())
      let expected = whole.trace(limitUS: limit).map(\.jsonLine)

      let pieces = CMachine(image: image, board: Fixtures.board, environment: TestEnvironment())
      var lines: [String] = []
      var until: Int64 = 0
      var ended: EndReason?
      while ended == nil, until < limit {
        // Pieces of every size, some cutting a task's turn in the middle.
        until += Int64([7, 10, 35, 1_000, 9_990, 250_000][random.below(6)])
        ended = pieces.advance(untilUS: min(until, limit)) { lines.append($0.jsonLine) }
      }
      let reason = pieces.run(limitUS: limit) { lines.append($0.jsonLine) }
      #expect(lines == expected)
      #expect(reason == whole.endReason)
      #expect(pieces.instructionCount == whole.instructionCount)
      #expect(pieces.timeUS == whole.timeUS)
    }
  }

  /// The firmware's loop: run to the clock, catch up, sleep to the next
  /// event. A wait ends at its time; the pump's 30-second cut happens at
  /// its own time even when the clock jumps past it.
  @Test func theClockDrivesTheMachine() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 4)
    assembler.emit(.outOn, 0)
    assembler.push(1)
    assembler.emit(.waitS)
    assembler.emit(.printText, "awake")
    assembler.push(60)
    assembler.emit(.waitS)
    assembler.emit(.end)
    var environment = SensorOverrides()
    try? environment.set("tank_empty", to: 0, board: Fixtures.board)
    let machine = CMachine(
      image: assembler.image, board: Fixtures.board,
      environment: SimpleGreenhouse(board: Fixtures.board, overrides: environment))
    var lines: [String] = []
    #expect(machine.advance(untilUS: 0) { lines.append($0.jsonLine) } == nil)
    #expect(machine.nextEventUS == 0)
    #expect(machine.advance(untilUS: 100) { lines.append($0.jsonLine) } == nil)
    // OUT_ON at 0, PUSH at 10, WAIT_S at 20: awake at 1,000,020 µs; the
    // running pump's tank check comes first, at every grid point.
    #expect(machine.nextEventUS == 10_000)
    machine.catchUp(toUS: 500_000) { lines.append($0.jsonLine) }
    #expect(machine.timeUS == 500_000)
    #expect(machine.advance(untilUS: 1_000_020) { lines.append($0.jsonLine) } == nil)
    #expect(machine.advance(untilUS: 1_000_100) { lines.append($0.jsonLine) } == nil)
    #expect(lines.last == #"{"t":1000,"type":"print","text":"awake"}"#)
    // The clock jumps to 45 s: the cut at exactly 30 s comes first.
    machine.catchUp(toUS: 45_000_000) { lines.append($0.jsonLine) }
    #expect(
      lines.suffix(2) == [
        #"{"t":30000,"type":"safety","rule":"pump_max_on","name":"pump"}"#,
        #"{"t":30000,"type":"output","name":"pump","value":0}"#,
      ])
    #expect(machine.timeUS == 45_000_000)
    #expect(machine.run(limitUS: 120_000_000) { lines.append($0.jsonLine) } == .finished)
    #expect(lines.last == #"{"t":61000,"type":"end","reason":"finished"}"#)
  }

  @Test func aSecondRunReturnsTheFirstReasonAndEmitsNothing() {
    let image = ImageSources.golden[0]
    let machine = CMachine(image: image, board: Fixtures.board, environment: TestEnvironment())
    let reason = machine.run(limitUS: 1_000_000) { _ in }
    var emitted = 0
    #expect(machine.run(limitUS: 5_000_000) { _ in emitted += 1 } == reason)
    #expect(emitted == 0)
  }
}
