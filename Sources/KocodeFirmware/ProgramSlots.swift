import KocodeBoard
import KocodeBytecode
import KocodeLink

/// The board's EEPROM as the firmware lays it out (`docs/firmware.md`): a
/// 32-byte config block at 0, then two program slots, each a header
/// {length u16, CRC-32 u32, generation u16} and room for
/// `limits.program_bytes` of image. Builds EEPROM contents for tests and
/// for the virtual board's `--eeprom` file, and reads them back with the
/// firmware's own rule for which slot boots.
public struct ProgramSlots: Sendable {
  public static let configSize = 32
  public static let slotHeaderSize = 8
  /// The generation of a slot never written (erased EEPROM).
  public static let noGeneration: UInt16 = 0xFFFF
  /// The config block's format, after its magic `"KF"`.
  public static let configFormat: UInt8 = 1
  public static let boardNameBytes = 16

  public let eepromSize: Int
  /// Bytes of image a slot holds.
  public let programBytes: Int

  public init(board: BoardDefinition) {
    eepromSize = board.memory.eeprom
    programBytes = board.limits.programBytes
  }

  /// The board-wide settings of the config block.
  public struct Config: Sendable, Equatable {
    /// The random seed of every run; 0: the board seeds from ADC noise.
    public var seed: UInt32
    /// Raw soil readings in dry soil and in water, replacing the board
    /// file's numbers when set.
    public var soilCalibration: SoilCalibration?
    /// At most 16 bytes of UTF-8; longer names are cut.
    public var boardName: String

    public init(seed: UInt32 = 0, soilCalibration: SoilCalibration? = nil, boardName: String) {
      self.seed = seed
      self.soilCalibration = soilCalibration
      self.boardName = boardName
    }
  }

  /// The same readings the link's CALIBRATE request stores.
  public typealias SoilCalibration = KocodeLink.SoilCalibration

  /// A slot's header, as stored.
  public struct SlotHeader: Sendable, Equatable {
    public var length: Int
    public var crc: UInt32
    public var generation: UInt16
  }

  // MARK: - Addresses

  public func slotAddress(_ slot: Int) -> Int {
    Self.configSize + slot * (Self.slotHeaderSize + programBytes)
  }

  /// The first byte of a slot's image.
  public func imageAddress(_ slot: Int) -> Int { slotAddress(slot) + Self.slotHeaderSize }

  // MARK: - Writing

  /// Erased EEPROM: every byte 0xFF.
  public func blank() -> [UInt8] { Array(repeating: 0xFF, count: eepromSize) }

  public func write(config: Config, into eeprom: inout [UInt8]) {
    var block = [UInt8(ascii: "K"), UInt8(ascii: "F"), Self.configFormat]
    block.append(config.soilCalibration == nil ? 0 : 1)
    ByteWriter.append(config.seed, to: &block)
    ByteWriter.append(UInt16(clamping: config.soilCalibration?.dry ?? 0xFFFF), to: &block)
    ByteWriter.append(UInt16(clamping: config.soilCalibration?.wet ?? 0xFFFF), to: &block)
    var name = Array(config.boardName.utf8.prefix(Self.boardNameBytes))
    name += Array(repeating: 0, count: Self.boardNameBytes - name.count)
    block += name
    block += Array(repeating: 0xFF, count: Self.configSize - block.count)
    eeprom.replaceSubrange(0..<Self.configSize, with: block)
  }

  /// Stores image bytes in a slot with its header, as a finished upload
  /// leaves them (the firmware's `kc_slot_commit`).
  public func write(
    image bytes: [UInt8], slot: Int, generation: UInt16, into eeprom: inout [UInt8]
  ) throws(FirmwareError) {
    guard slot == 0 || slot == 1 else { throw .noSuchSlot(slot) }
    guard bytes.count <= programBytes else {
      throw .imageTooLarge(bytes: bytes.count, slotBytes: programBytes)
    }
    var header: [UInt8] = []
    ByteWriter.append(UInt16(bytes.count), to: &header)
    ByteWriter.append(CRC32.checksum(bytes), to: &header)
    ByteWriter.append(generation, to: &header)
    let start = slotAddress(slot)
    eeprom.replaceSubrange(start..<start + header.count, with: header)
    let image = imageAddress(slot)
    eeprom.replaceSubrange(image..<image + bytes.count, with: bytes)
  }

  /// A whole EEPROM: the config block (seed, this board's name) and the
  /// image's board bytes in one slot.
  public func eeprom(
    image: Image, boardName: String, seed: UInt32 = 1, slot: Int = 0, generation: UInt16 = 1
  ) throws(FirmwareError) -> [UInt8] {
    var bytes = blank()
    write(config: Config(seed: seed, boardName: boardName), into: &bytes)
    try write(image: image.boardBytes, slot: slot, generation: generation, into: &bytes)
    return bytes
  }

  // MARK: - Reading

  /// A slot's header when the slot is valid: length within the slot and
  /// at least an image header, generation written, CRC-32 matching.
  public func validSlot(_ slot: Int, in eeprom: [UInt8]) -> SlotHeader? {
    let start = slotAddress(slot)
    guard slot == 0 || slot == 1, start + Self.slotHeaderSize + programBytes <= eeprom.count
    else { return nil }
    func number(_ offset: Int, _ count: Int) -> UInt32 {
      (0..<count).reduce(0) { $0 | UInt32(eeprom[start + offset + $1]) << (8 * $1) }
    }
    let header = SlotHeader(
      length: Int(number(0, 2)), crc: number(2, 4), generation: UInt16(number(6, 2)))
    guard header.generation != Self.noGeneration, header.length >= VMConstant.headerSize,
      header.length <= programBytes
    else { return nil }
    let image = imageAddress(slot)
    guard CRC32.checksum(eeprom[image..<image + header.length]) == header.crc else { return nil }
    return header
  }

  /// The slot the firmware boots: of the valid ones, the newer generation
  /// in serial-number arithmetic; slot 0 on a tie; nil when none is valid.
  public func bootSlot(in eeprom: [UInt8]) -> Int? {
    let first = validSlot(0, in: eeprom)
    let second = validSlot(1, in: eeprom)
    switch (first, second) {
    case (nil, nil): return nil
    case (.some, nil): return 0
    case (nil, .some): return 1
    case (.some(let a), .some(let b)): return Self.isNewer(b.generation, than: a.generation) ? 1 : 0
    }
  }

  /// Serial-number arithmetic on 16 bits: `a` comes after `b`.
  public static func isNewer(_ a: UInt16, than b: UInt16) -> Bool {
    Int16(bitPattern: a &- b) > 0
  }

  /// The image bytes stored in a valid slot.
  public func image(in slot: Int, of eeprom: [UInt8]) -> [UInt8]? {
    guard let header = validSlot(slot, in: eeprom) else { return nil }
    let start = imageAddress(slot)
    return Array(eeprom[start..<start + header.length])
  }
}
