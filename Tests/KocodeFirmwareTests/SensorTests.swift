import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeVM
import Testing

/// The firmware's sensor readings (ADC against AVcc, the conversions of
/// board.md, the switches' polarity), seen through its telemetry, beside
/// the reference VM's log lines for the same fixed inputs; and PWM.
@Suite struct SensorTests {
  static let labels = ["soil", "light", "temperature", "tank", "button", "a3", "d2"]

  /// Logs every sensor once: SOIL, LIGHT, TEMPERATURE, TANK_EMPTY, BUTTON,
  /// ANALOG_READ A3, DIGITAL_READ D2.
  static func logEverySensor(on board: BoardDefinition) -> Image {
    let code: [UInt8] = [
      0x00, 0, 0, 2, 2,
      0x60, 0x70, 0, 0x61, 0x70, 1, 0x62, 0x70, 2,
      0x63, 0x71, 3, 0x64, 0x71, 4,
      0x67, 3, 0x70, 5, 0x68, 2, 0x71, 6,
      0x43,
    ]
    return Image(
      boardID: UInt8(board.id), scriptCount: 1, globalCount: 0, functionCount: 1, code: code,
      host: HostSection(texts: labels, functionNames: ["kocode_on_start"]))
  }

  /// The logged values, by label, from the firmware's telemetry.
  static func boardLogs(_ run: BoardRun) -> [String: Int32] {
    var logs: [String: Int32] = [:]
    for record in run.records where record.kind == 3 || record.kind == 4 {
      logs[labels[Int(record.index)]] = record.value
    }
    return logs
  }

  static func referenceLogs(_ image: Image, board: BoardDefinition, sensors: FixedSensors)
    -> [String: Int32]
  {
    var logs: [String: Int32] = [:]
    for case .log(_, let label, let value) in ReferenceRun(
      image: image, board: board, sensors: sensors, limitUS: 1_000_000, seed: 1
    ).trace {
      switch value {
      case .number(let number): logs[label] = number
      case .boolean(let flag): logs[label] = flag ? 1 : 0
      }
    }
    return logs
  }

  static let settings: [(String, Int, Int, Int, Bool, Bool)] = [
    ("greenhouse-uno", 20, 70, 25, false, true),
    ("greenhouse-uno", 95, 3, -10, true, false),
    ("greenhouse-uno", 0, 100, 60, false, false),
    ("greenhouse-mega", 40, 55, 18, false, true),
  ]

  @Test(arguments: settings.indices)
  func sensorsReadAsTheReferenceVMReadsThem(_ index: Int) throws {
    let (name, soil, light, temperature, tank, button) = Self.settings[index]
    let board = Fixtures.board(name)
    var sensors = FixedSensors.values(
      on: board, soil: soil, light: light, temperature: temperature, tankEmpty: tank,
      button: button)
    sensors.analog[3] = 777 - index * 100
    let image = Self.logEverySensor(on: board)
    let eeprom = try ProgramSlots(board: board).eeprom(image: image, boardName: board.name)
    let run = try BoardRun.run(
      board: board, eeprom: eeprom, sensors: sensors, seconds: 0.1, keepsPortOpen: true)
    let expected = Self.referenceLogs(image, board: board, sensors: sensors)
    #expect(expected.count == Self.labels.count)
    #expect(Self.boardLogs(run) == expected, "\(name) with \(sensors)")
    #expect(expected["soil"] == Int32(soil) && expected["tank"] == (tank ? 1 : 0))
  }

  @Test func theConfigBlocksSoilCalibrationReplacesTheBoardFiles() throws {
    let board = Fixtures.uno
    let slots = ProgramSlots(board: board)
    var eeprom = slots.blank()
    slots.write(
      config: .init(seed: 1, soilCalibration: .init(dry: 700, wet: 200), boardName: board.name),
      into: &eeprom)
    try slots.write(
      image: Self.logEverySensor(on: board).boardBytes, slot: 0, generation: 1, into: &eeprom)
    var sensors = FixedSensors.values(on: board)
    sensors.analog[0] = 480
    let run = try BoardRun.run(
      board: board, eeprom: eeprom, sensors: sensors, seconds: 0.1, keepsPortOpen: true)
    // (480 - 700) × 100 / (200 - 700) = 44, where the board file's 620…290 gives 42.
    #expect(Self.boardLogs(run)["soil"] == 44)
  }

  @Test func aPWMWriteDrivesTheTimerAtItsDutyCycle() throws {
    let board = Fixtures.uno
    let output = try #require(board.outputIndex(named: "d9"))
    // PWM_WRITE d9 with 64, wait 1 s, END.
    let image = Image(
      boardID: UInt8(board.id), scriptCount: 1, globalCount: 0, functionCount: 1,
      code: [0x00, 0, 0, 2, 2, 0x03, 64, 0x5B, UInt8(output), 0x02, 0x49, 0x43],
      host: HostSection(functionNames: ["kocode_on_start"]))
    let eeprom = try ProgramSlots(board: board).eeprom(image: image, boardName: board.name)
    let run = try BoardRun.run(
      board: board, eeprom: eeprom, sensors: .values(on: board), seconds: 0.5)
    let edges = run.changes(of: board.outputs[output].pin).filter { $0.level != .floating }
    let rises = edges.filter { $0.level == .high }.map(\.timeUS)
    #expect(rises.count > 400, "\(rises.count) periods in 0.5 s")
    let periods = zip(rises.dropFirst(), rises).map { $0 - $1 }.dropFirst()
    // 16 MHz / 64 / 256: a period of 1,024 µs, high for 65 counts of 256.
    #expect(periods.allSatisfy { (1_023...1_025).contains($0) }, "\(periods.prefix(5))")
    let highs = zip(edges, edges.dropFirst()).filter { $0.0.level == .high }
      .map { $0.1.timeUS - $0.0.timeUS }.dropFirst()
    #expect(highs.allSatisfy { (258...262).contains($0) }, "\(highs.prefix(5))")
  }
}
