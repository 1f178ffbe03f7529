import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeLink
import Testing

/// The EEPROM layout `ProgramSlots` writes, as docs/firmware.md gives it.
@Suite struct ProgramSlotsTests {
  @Test func slotsFollowTheConfigBlockAndFitTheEEPROM() {
    let uno = ProgramSlots(board: Fixtures.uno)
    #expect(uno.slotAddress(0) == 32)
    #expect(uno.imageAddress(0) == 40)
    #expect(uno.slotAddress(1) == 32 + 8 + 480)
    #expect(uno.imageAddress(1) + 480 <= 1024)
    let mega = ProgramSlots(board: Fixtures.mega)
    #expect(mega.imageAddress(1) + 1536 <= 4096)
  }

  @Test func theConfigBlockHoldsMagicSeedCalibrationAndName() {
    let slots = ProgramSlots(board: Fixtures.uno)
    var bytes = slots.blank()
    slots.write(
      config: .init(
        seed: 0x0403_0201, soilCalibration: .init(dry: 600, wet: 300),
        boardName: "greenhouse-uno-with-a-long-name"),
      into: &bytes)
    #expect(Array(bytes[0..<8]) == [0x4B, 0x46, 1, 1, 1, 2, 3, 4])
    #expect(Array(bytes[8..<12]) == [0x58, 0x02, 0x2C, 0x01])
    #expect(String(decoding: bytes[12..<28], as: UTF8.self) == "greenhouse-uno-w")
    #expect(Array(bytes[28..<32]) == [0xFF, 0xFF, 0xFF, 0xFF])
    #expect(bytes[32...].allSatisfy { $0 == 0xFF })
  }

  @Test func aSlotHoldsLengthCRCAndGenerationThenTheImage() throws {
    let slots = ProgramSlots(board: Fixtures.uno)
    let image = SlotTests.lightOutput(1)
    let bytes = try slots.eeprom(image: image, boardName: "uno", slot: 1, generation: 0x1234)
    let header = try #require(slots.validSlot(1, in: bytes))
    #expect(header.length == image.boardBytes.count)
    #expect(header.crc == CRC32.checksum(image.boardBytes))
    #expect(Array(bytes[slots.slotAddress(1) + 6..<slots.slotAddress(1) + 8]) == [0x34, 0x12])
    #expect(slots.image(in: 1, of: bytes) == image.boardBytes)
    #expect(slots.validSlot(0, in: bytes) == nil)
    #expect(slots.bootSlot(in: bytes) == 1)
  }

  @Test func anImageLargerThanASlotIsRefused() {
    let slots = ProgramSlots(board: Fixtures.uno)
    var bytes = slots.blank()
    #expect(throws: FirmwareError.imageTooLarge(bytes: 481, slotBytes: 480)) {
      try slots.write(
        image: Array(repeating: 0, count: 481), slot: 0, generation: 1, into: &bytes)
    }
    #expect(throws: FirmwareError.noSuchSlot(2)) {
      try slots.write(image: [1, 2, 3], slot: 2, generation: 1, into: &bytes)
    }
  }

  @Test func generationsCompareInSerialNumberArithmetic() {
    #expect(ProgramSlots.isNewer(6, than: 5))
    #expect(!ProgramSlots.isNewer(5, than: 6))
    #expect(ProgramSlots.isNewer(0, than: 0xFFFE))
    #expect(!ProgramSlots.isNewer(3, than: 3))
  }
}

/// Telemetry records as EVENT frames of the link.
@Suite struct TelemetryRecordTests {
  @Test func aRecordIsThirteenLittleEndianBytesInAFrame() {
    let record = TelemetryRecord(
      kind: 9, index: 0, code: 1, value: -2, pc: 0x0110, timeMS: 0x0102_0304)
    let expected: [UInt8] = [9, 0, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0x10, 0x01, 4, 3, 2, 1]
    #expect(record.payload == expected)
    let wire = record.wire(seq: 1)
    #expect(wire.last == 0)
    #expect(Frame.parse(wire.dropLast()) == Frame(.event, seq: 1, payload: expected))
    #expect(TelemetryRecord.decode(wire) == [record])
  }

  @Test func decodingSkipsNoiseAndBrokenFrames() {
    let first = TelemetryRecord(kind: 2, index: 3, value: 1, timeMS: 500)
    let second = TelemetryRecord(kind: 10, code: 4, timeMS: 501)
    var broken = first.wire(seq: 2)
    broken[5] ^= 1
    let banner = Array("hello\n".utf8) + [0]
    let stream = banner + first.wire(seq: 1) + [0x7E, 0] + broken + second.wire(seq: 3)
    #expect(TelemetryRecord.decode(stream) == [first, second])
  }
}

/// What avr-size prints, read.
@Suite struct FirmwareSizeTests {
  @Test func theBerkeleyTableGivesFlashAndStaticRAM() throws {
    let table = """
         text\t   data\t    bss\t    dec\t    hex\tfilename
        11000\t     50\t    900\t  11950\t   2eae\tkocode.elf
      """
    let size = try FirmwareSize.parse(table)
    #expect(size == FirmwareSize(text: 11000, data: 50, bss: 900))
    #expect(size.flash == 11050)
    #expect(size.staticRAM == 950)
    #expect(throws: FirmwareError.self) { try FirmwareSize.parse("nothing") }
  }
}
