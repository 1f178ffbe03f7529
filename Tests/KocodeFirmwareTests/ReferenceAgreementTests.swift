import Foundation
import KocodeBoard
import KocodeFirmware
import KocodeVM
import Testing

/// Programs run by the firmware in the virtual board, with the sensors
/// held fixed, and by the reference VM with the same sensors and seed:
/// the same output pin changes in the same order, each within
/// `Tolerance.firmware` of the reference VM's time.
@Suite struct ReferenceAgreementTests {
  static let board = ProgramCorpus.board

  @Test func theCorpusHasTwentyPrograms() {
    #expect(ProgramCorpus.cases.count >= 20)
    #expect(ProgramCorpus.cases.filter { $0.name.hasPrefix("mission") }.count >= 9)
  }

  @Test(arguments: ProgramCorpus.cases)
  func pinsChangeAsTheReferenceVMSays(_ program: ProgramCase) throws {
    try Self.compare(program, on: Self.board)
  }

  /// The same mission solutions and golden programs, compiled for the
  /// Mega: another chip, other pins, the same behaviour.
  @Test(arguments: ProgramCorpus.megaCases)
  func theMegaRunsThemAlike(_ program: ProgramCase) throws {
    try Self.compare(program, on: Fixtures.mega)
  }

  static func compare(_ program: ProgramCase, on board: BoardDefinition) throws {
    let started = ContinuousClock.now
    let durationUS = Int64(program.seconds * 1_000_000)
    let reference = ReferenceRun(
      image: program.image, board: board, sensors: program.sensors,
      limitUS: durationUS + 2_000_000, seed: 1)
    let expected = try #require(PinComparison.expected(reference.changes, board: board))
    let eeprom = try ProgramSlots(board: board).eeprom(
      image: program.image, boardName: board.name, seed: 1)
    let run = try BoardRun.run(
      board: board, eeprom: eeprom, sensors: program.sensors, seconds: program.seconds)
    let start = try #require(run.startUS, "no run record: \(run.records)")

    let actual = run.pins.filter { $0.timeUS >= start && $0.level != .floating }
      .map { PinEvent(pin: $0.pin, level: $0.level, timeUS: Int64($0.timeUS - start)) }
      .filter { $0.timeUS < durationUS }
    let verdict = PinComparison.problems(
      expected: expected, actual: actual, durationUS: durationUS, tolerance: .firmware)
    if ProcessInfo.processInfo.environment["KOCODE_SHOW_PINS"] == program.name {
      for (a, e) in zip(actual, expected) { print("  \(a) vs \(e): \(a.timeUS - e.timeUS)") }
    }
    print(
      "\(board.name) \(program.name): \(actual.count) changes, "
        + "largest gap \(verdict.largestGapUS) µs, \(Fixtures.seconds(since: started))")
    #expect(
      verdict.problems.isEmpty,
      "\(program.name) with \(program.sensors):\n\(verdict.problems.joined(separator: "\n"))")
  }
}
