import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeLink
import KocodeVM
import Testing

/// Every mission solution flashed over the link to the firmware in the
/// virtual board (real time, a real pseudo-terminal), its telemetry turned
/// into trace lines and compared with the reference VM's: the same events
/// in the same order, times within 20 ms + 2 % (docs/protocol.md,
/// "Comparing traces").
@Suite(.serialized) struct LinkTraceTests {
  static let seconds = 3.0
  static let cases = ProgramCorpus.missionCases()

  @Test(arguments: cases)
  func aFlashedSolutionTracesAsTheReferenceVM(_ program: ProgramCase) throws {
    let board = Fixtures.uno
    let slots = ProgramSlots(board: board)
    var eeprom = slots.blank()
    slots.write(config: .init(seed: 1, boardName: "trace"), into: &eeprom)
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-link-trace-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("eeprom.bin")
    try Data(eeprom).write(to: file)
    let process = VirtualBoardProcess(
      executable: try Fixtures.virtualBoard(), firmware: try Fixtures.firmware(board).elf,
      options: .init(mcu: board.mcu, eeprom: file))
    defer { process.stop() }
    let port = try process.start()
    try program.sensors.apply(to: process, board: board)

    let client = try BoardClient(transport: try TermiosTransport(path: port))
    defer { client.session.transport.close() }
    try client.flash(program.image)
    // Started again with the reference VM's seed; only this run counts.
    #expect(try client.run(seed: 1) == .ok)
    try client.session.listen(for: .seconds(Self.seconds))
    let records = client.session.telemetry()
    let lastStart = try #require(records.lastIndex { $0.kind == 1 })
    let translator = BoardTrace(board: board, image: program.image)
    let boardEvents = records[lastStart...].compactMap(translator.event)

    // Compare up to a time both runs surely reached.
    let cutMS: Int64 = Int64(Self.seconds * 1000) - 600
    let reference = ReferenceRun(
      image: program.image, board: board, sensors: program.sensors,
      limitUS: Int64(Self.seconds * 1_000_000), seed: 1)
    let expected = reference.trace.filter { $0.timeMS < cutMS && !Self.isTimeLimit($0) }
    let seen = boardEvents.filter { $0.timeMS < cutMS }
    let problems = Self.problems(expected: expected, seen: seen)
    #expect(problems.isEmpty, "\(program): \(problems)\nboard: \(seen)\nreference: \(expected)")
    #expect(client.session.missedTelemetry == 0)
  }

  static func isTimeLimit(_ event: TraceEvent) -> Bool {
    if case .end(_, .timeLimit) = event { return true }
    return false
  }

  /// Differences beyond the tolerance, in words.
  static func problems(expected: [TraceEvent], seen: [TraceEvent]) -> [String] {
    var problems: [String] = []
    if expected.count != seen.count {
      problems.append("\(seen.count) events on the board, \(expected.count) expected")
    }
    for (want, got) in zip(expected, seen) {
      let tolerance = 20 + want.timeMS / 50
      var wantAtZero = want
      var gotAtZero = got
      wantAtZero.setTime(0)
      gotAtZero.setTime(0)
      if wantAtZero != gotAtZero {
        problems.append("expected \(want.jsonLine), board sent \(got.jsonLine)")
      } else if abs(want.timeMS - got.timeMS) > tolerance {
        problems.append("\(want.jsonLine) at \(got.timeMS) ms on the board")
      }
    }
    return problems
  }
}

extension TraceEvent {
  /// The same event at another time.
  mutating func setTime(_ time: Int64) {
    switch self {
    case .start(_, let scripts): self = .start(timeMS: time, scripts: scripts)
    case .output(_, let name, let value): self = .output(timeMS: time, name: name, value: value)
    case .log(_, let label, let value): self = .log(timeMS: time, label: label, value: value)
    case .print(_, let text): self = .print(timeMS: time, text: text)
    case .safety(_, let rule, let name): self = .safety(timeMS: time, rule: rule, name: name)
    case .error(_, let code, let block): self = .error(timeMS: time, code: code, block: block)
    case .end(_, let reason): self = .end(timeMS: time, reason: reason)
    }
  }
}
