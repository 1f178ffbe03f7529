import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import Testing

/// The safety rules of board.md, watched on the firmware's pump pin in
/// the virtual board: the pump is off at power-up, after 30 s on, while
/// the tank is empty, after a runtime error, a stop and a reset.
@Suite struct SafetyTests {
  static let board = Fixtures.uno
  static let pump = board.outputs[board.outputIndex(named: "pump") ?? 0].pin

  static func image(_ golden: String) throws -> Image {
    try #require(ProgramCorpus.compile(ProgramCorpus.golden.appendingPathComponent(golden)))
  }

  static func eeprom(_ image: Image) throws -> [UInt8] {
    try ProgramSlots(board: board).eeprom(image: image, boardName: board.name, seed: 1)
  }

  /// The pump pin's changes after the program started, in ms from its start.
  static func pumpChanges(_ run: BoardRun) throws -> [(level: PinLevel, ms: Double)] {
    let start = try #require(run.startUS)
    return run.changes(of: pump).filter { $0.timeUS >= start }
      .map { ($0.level, Double(Int64($0.timeUS) - Int64(start)) / 1000) }
  }

  @Test func pumpIsOffFromPowerUp() throws {
    // A program that switches the pump on at once.
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-power-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("eeprom.bin")
    try Data(Self.eeprom(Self.image("pump_max_on.json"))).write(to: file)
    let process = VirtualBoardProcess(
      executable: try Fixtures.virtualBoard(), firmware: try Fixtures.firmware(Self.board).elf,
      options: .init(mcu: Self.board.mcu, eeprom: file, fast: true))
    defer { process.stop() }
    try process.start()
    try process.advance(toMicroseconds: 100_000, timeout: 20)

    let levels = process.events.compactMap { event -> (PinLevel, UInt64)? in
      guard case .pin(Self.pump, let level, let time) = event else { return nil }
      return (level, time.cycle)
    }
    let first = try #require(levels.first)
    #expect(first.0 == .low, "the pump pin's first level is \(first.0)")
    // Driven off in .init3, before the C runtime: within 100 cycles of power-up.
    #expect(first.1 < 100, "the pump pin was driven off at cycle \(first.1)")
    // The float switch's pull-up reads "empty" until a test drives it: the
    // program's request is refused, and the pump stays off.
    #expect(levels.allSatisfy { $0.0 != .high })
  }

  @Test func pumpGoesOffAfterThirtySecondsOn() throws {
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(Self.image("pump_max_on.json")),
      sensors: .values(on: Self.board, soil: 40), seconds: 42)
    let changes = try Self.pumpChanges(run)
    #expect(changes.map(\.level) == [.high, .low, .high, .low], "\(changes)")
    guard changes.count == 4 else { return }
    #expect(changes[0].ms < 3)
    // Cut at exactly 30,000 ms of board time; the pin follows within the tolerance.
    #expect(abs(changes[1].ms - 30_000) < 3, "cut at \(changes[1].ms) ms")
    #expect(abs(changes[2].ms - 40_000) < 3)
    #expect(abs(changes[3].ms - 41_000) < 3)
  }

  @Test func pumpNeverRunsWithTheTankEmpty() throws {
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(Self.image("tank_empty.json")),
      sensors: .values(on: Self.board, tankEmpty: true), seconds: 3, keepsPortOpen: true)
    #expect(try Self.pumpChanges(run).isEmpty)
    #expect(run.changes(of: Self.pump).allSatisfy { $0.level != .high })
    let refusals = run.records.filter { $0.knownKind == .safety }
    #expect(refusals.map(\.code) == [2, 2], "\(run.records)")
    #expect(refusals.map(\.timeMS) == [0, 1000])
  }

  @Test func pumpStopsWithinTenMillisecondsWhenTheTankEmpties() throws {
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(Self.image("pump_max_on.json")),
      sensors: .values(on: Self.board, soil: 40), seconds: 3,
      actions: [.init(atMS: 2_000, command: "digital D2 1")])
    let emptied = try #require(run.actionTimes.first)
    let off = try #require(
      run.changes(of: Self.pump).first { $0.level == .low && $0.timeUS > emptied })
    let delay = Double(off.timeUS - emptied) / 1000
    // The tank is checked on the 10 ms grid; the board may be up to 1 ms late.
    #expect(delay <= 11, "the pump went off \(delay) ms after the tank emptied")
    #expect(run.changes(of: Self.pump).last?.level == .low)
  }

  @Test func pumpIsOffAfterARuntimeError() throws {
    let image = try Self.image("division_by_zero.json")
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(image), sensors: .values(on: Self.board),
      seconds: 1, keepsPortOpen: true)
    #expect(try Self.pumpChanges(run).map(\.level) == [.high, .low])
    let error = try #require(run.records.first { $0.knownKind == .error }, "\(run.records)")
    #expect(error.code == 1)
    #expect(image.host.block(at: Int(error.pc)) == "divide", "pc \(error.pc)")
    #expect(run.records.last?.knownKind == .end)
    #expect(run.records.last?.code == 3)
  }

  @Test func pumpIsOffAfterStopAll() throws {
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(Self.image("stop_all.json")),
      sensors: .values(on: Self.board), seconds: 1, keepsPortOpen: true)
    let changes = try Self.pumpChanges(run)
    #expect(changes.map(\.level) == [.high, .low])
    #expect(abs((changes.last?.ms ?? 0) - 500) < 3)
    #expect(run.records.last?.knownKind == .end)
    #expect(run.records.last?.code == 4)
  }

  @Test func pumpIsOffFromAResetUntilTheProgramRunsAgain() throws {
    let run = try BoardRun.run(
      board: Self.board, eeprom: Self.eeprom(Self.image("pump_max_on.json")),
      sensors: .values(on: Self.board, soil: 40), seconds: 2,
      actions: [.init(atMS: 1_000, command: "reset")])
    let resetIndex = try #require(
      run.events.lastIndex { if case .reset(cause: "command", _) = $0 { true } else { false } })
    let reset = try #require(run.events[resetIndex].time)
    let after = run.events[resetIndex...].compactMap { event -> (PinLevel, UInt64)? in
      guard case .pin(Self.pump, let level, let time) = event else { return nil }
      return (level, time.cycle - reset.cycle)
    }
    // Floating while held in reset (a pull-down keeps the relay off), then
    // driven off at once, and on again only when the program runs again.
    #expect(after.map(\.0).prefix(3) == [.floating, .low, .high], "\(after)")
    #expect((after.dropFirst().first?.1 ?? .max) < 100)
    #expect((after.dropFirst(2).first?.1 ?? 0) > 16_000)
  }

  @Test func nothingRunsWithAnEmptyEEPROM() throws {
    var bytes = ProgramSlots(board: Self.board).blank()
    ProgramSlots(board: Self.board).write(config: .init(seed: 1, boardName: "x"), into: &bytes)
    let run = try BoardRun.watch(board: Self.board, eeprom: bytes, seconds: 0.5)
    #expect(run.pins.allSatisfy { $0.level != .high })
    let boot = try #require(run.records.first)
    #expect(boot.knownKind == .boot)
    // Opening the port reset the board: MCUSR said EXTRF.
    #expect(boot.index & 0x02 != 0)
    #expect(run.records.contains { $0.knownKind == .slot && $0.index == 0xFF })
  }
}
