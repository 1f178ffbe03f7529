import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeLink
import KocodeVM
import Testing

/// Program slots: the C slot logic on the host with a power cut after
/// every byte, and the firmware booting what `ProgramSlots` wrote.
@Suite struct SlotTests {
  static let board = Fixtures.uno
  static let slots = ProgramSlots(board: board)

  @Test(arguments: ["greenhouse-uno", "greenhouse-mega"])
  func slotLogicSurvivesEveryPowerCut(board name: String) throws {
    let output = try FirmwareBuilder(projectRoot: Fixtures.root, board: Fixtures.board(name))
      .runSlotTests()
    #expect(output.contains(" passed, 0 failed"), "\(output)")
    #expect(output.contains("power cuts:"))
  }

  /// A program that switches output `output` on and ends.
  static func lightOutput(_ output: UInt8) -> Image {
    Image(
      boardID: UInt8(board.id), scriptCount: 1, globalCount: 0, functionCount: 1,
      code: [0x00, 0, 0, 1, 2, 0x58, output, 0x43],
      host: HostSection(functionNames: ["kocode_on_start"]))
  }

  /// The slot the firmware runs, from its run record.
  static func slotRun(_ eeprom: [UInt8]) throws -> (run: UInt8?, records: [TelemetryRecord]) {
    let run = try BoardRun.watch(board: board, eeprom: eeprom, seconds: 0.05)
    return (run.records.first { $0.knownKind == .run }?.index, run.records)
  }

  static func twoSlots(_ first: UInt16, _ second: UInt16) throws -> [UInt8] {
    var bytes = slots.blank()
    slots.write(config: .init(seed: 1, boardName: board.name), into: &bytes)
    try slots.write(image: lightOutput(1).boardBytes, slot: 0, generation: first, into: &bytes)
    try slots.write(image: lightOutput(2).boardBytes, slot: 1, generation: second, into: &bytes)
    return bytes
  }

  @Test(arguments: [
    (UInt16(5), UInt16(6), 1), (7, 6, 0), (0xFFFE, 0, 1), (0, 0xFFFE, 0), (3, 3, 0),
    (0xFFFF, 9, 1),
  ])
  func theNewerGenerationBoots(first: UInt16, second: UInt16, expected: Int) throws {
    let bytes = try Self.twoSlots(first, second)
    #expect(Self.slots.bootSlot(in: bytes) == expected)
    let (slot, records) = try Self.slotRun(bytes)
    #expect(slot.map(Int.init) == expected, "\(records)")
  }

  @Test func aDamagedNewerSlotLeavesTheOlderOne() throws {
    var bytes = try Self.twoSlots(5, 6)
    bytes[Self.slots.imageAddress(1) + 15] ^= 0x04
    #expect(Self.slots.bootSlot(in: bytes) == 0)
    #expect(try Self.slotRun(bytes).run == 0)
  }

  @Test func anImageTheVerifierRefusesNeverRuns() throws {
    // Slot 1 is newer and its slot CRC is right, but its code holds a byte
    // that is no opcode (with the image's own CRC made right too).
    var bad = Self.lightOutput(2)
    bad.code[5] = 0x7F
    var bytes = try Self.twoSlots(5, 6)
    try Self.slots.write(image: bad.boardBytes, slot: 1, generation: 6, into: &bytes)
    let (slot, records) = try Self.slotRun(bytes)
    let refusal = try #require(records.first { $0.knownKind == .slot && $0.index == 1 })
    #expect(refusal.code == 30, "unknown opcode: \(records)")
    #expect(refusal.pc == 5)
    #expect(slot == 0, "the older program runs instead")
  }

  /// The Uno's limits at once: four scripts, 32 globals, a 480-byte image.
  static func largestImage() -> Image {
    var code: [UInt8] = []
    for script in 0..<4 {
      code += [0x00, 0, 0, 2, 2]
      for pair in 0..<36 { code += [0x06, UInt8((script * 36 + pair) % 32), 0x0C] }
      if script == 0 { code += [0x01, 0x0C] }
      code += [0x58, UInt8(script + 1), 0x43]
    }
    return Image(
      boardID: UInt8(board.id), scriptCount: 4, globalCount: 32, functionCount: 4, code: code,
      host: HostSection(
        globalNames: (0..<32).map { "g\($0)" },
        functionNames: Array(repeating: "kocode_on_start", count: 4)))
  }

  @Test func fourScriptsThirtyTwoGlobalsAndAFullSlotRun() throws {
    let image = Self.largestImage()
    #expect(image.boardBytes.count == Self.board.limits.programBytes)
    let eeprom = try Self.slots.eeprom(image: image, boardName: Self.board.name)
    let run = try BoardRun.run(
      board: Self.board, eeprom: eeprom, sensors: .values(on: Self.board), seconds: 0.2)
    let run0 = try #require(run.records.first { $0.knownKind == .run })
    #expect(Int(run0.pc) == Self.board.limits.programBytes)
    let start = try #require(run.startUS)
    let lit = Set(run.pins.filter { $0.timeUS >= start && $0.level == .high }.map(\.pin))
    #expect(lit == Set((1...4).map { Self.board.outputs[$0].pin }))
  }
}
