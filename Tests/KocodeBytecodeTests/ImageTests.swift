import KocodeBytecode
import Testing

/// `docs/bytecode.md` section 2: the `.kbc` file, its CRCs and its reader.
@Suite struct ImageTests {
  private static let check = Array("123456789".utf8)

  @Test func crc32CheckValue() {
    #expect(CRC32.checksum(Self.check) == 0xCBF4_3926)
    #expect(
      CRC32.checksum(Self.check.dropFirst(4), start: CRC32.checksum(Self.check.prefix(4)))
        == 0xCBF4_3926)
  }

  @Test func crc16CheckValue() {
    #expect(CRC16.checksum(Self.check) == 0x29B1)
  }

  @Test func fileRoundTrip() throws {
    let image = Fixture.sampleProgram()
    let read = try Image(fileBytes: image.fileBytes)
    #expect(read == image)
    #expect(read.fileBytes == image.fileBytes)
  }

  @Test func boardImageLayout() {
    let image = Fixture.sampleProgram()
    let bytes = image.boardBytes
    #expect(Array(bytes[0..<10]) == [0x4B, 0x43, 1, 1, 70, 0, 2, 4, 4, 2])
    let crc =
      UInt32(bytes[10]) | UInt32(bytes[11]) << 8 | UInt32(bytes[12]) << 16
      | UInt32(bytes[13]) << 24
    #expect(crc == image.crc)
    #expect(crc == CRC32.checksum(bytes[0..<10] + image.code))
    #expect(Array(bytes[14...]) == image.code)
    #expect(Array(image.fileBytes[bytes.count..<bytes.count + 3]) == [0x4B, 0x44, 1])
  }

  @Test func badMagic() {
    var bytes = Fixture.sampleProgram().fileBytes
    bytes[1] = 0x44
    #expect(throws: ImageError.notAnImage) { try Image(fileBytes: bytes) }
    #expect(throws: ImageError.notAnImage) { try Image(fileBytes: Array(bytes.prefix(13))) }
  }

  @Test func unsupportedVersion() {
    var bytes = Fixture.sampleProgram().fileBytes
    bytes[2] = 2
    #expect(throws: ImageError.unsupportedVersion(2)) { try Image(fileBytes: bytes) }
  }

  @Test func badChecksum() {
    let image = Fixture.sampleProgram()
    var bytes = image.fileBytes
    bytes[20] ^= 0x01
    var changed = image.code
    changed[6] ^= 0x01
    var expected = image
    expected.code = changed
    #expect(throws: ImageError.badChecksum(expected: image.crc, actual: expected.crc)) {
      try Image(fileBytes: bytes)
    }
  }

  @Test func truncated() {
    let bytes = Fixture.sampleProgram().boardBytes
    #expect(throws: ImageError.truncated) { try Image(fileBytes: Array(bytes.dropLast(1))) }
  }

  @Test func damagedHostSection() {
    let image = Fixture.sampleProgram()
    var bytes = image.fileBytes
    bytes[bytes.count - 1] ^= 0xFF
    #expect(throws: ImageError.badHostSection) { try Image(fileBytes: bytes) }
    #expect(throws: ImageError.badHostSection) { try Image(fileBytes: image.boardBytes) }
    #expect(throws: ImageError.badHostSection) { try Image(fileBytes: image.fileBytes + [0]) }
  }

  @Test func debugMapFindsTheBlockOfAnOffset() {
    let host = Fixture.sampleProgram().host
    #expect(host.block(at: 0) == nil)
    #expect(host.block(at: 5) == "blk-double")
    #expect(host.block(at: 15) == "blk-double")
    #expect(host.block(at: 16) == "blk-water")
    #expect(host.block(at: 55) == "blk-print")
    #expect(host.block(at: 56) == nil)  // an entry naming no block id
  }
}

/// Decoding single instructions.
@Suite struct InstructionTests {
  @Test func signedAndUnsignedOperands() throws {
    let code: [UInt8] = [0x03, 0xFE, 0x04, 0x18, 0xFC, 0x05, 0xFF, 0xFF, 0xFF, 0x7F, 0x06, 0xFF]
    let byte = try #require(Instruction.decode(code, at: 0))
    #expect(byte.opcode == .pushI8 && byte.operands == [-2] && byte.length == 2)
    #expect(try #require(Instruction.decode(code, at: 2)).operands == [-1000])
    #expect(try #require(Instruction.decode(code, at: 5)).operands == [Int(Int32.max)])
    let global = try #require(Instruction.decode(code, at: 10))
    #expect(global.opcode == .loadG && global.operands == [255] && global.jumpTarget == nil)
  }

  @Test func jumpTargetsCountFromTheEnd() throws {
    let code: [UInt8] = [0x30, 0x03, 0x39, 0x01, 0x00, 0x01, 0x37, 0x09, 0x00, 0x40, 0x34, 0x12]
    let jump = try #require(Instruction.decode(code, at: 0))
    #expect(jump.jumpTarget == 5 && !jump.jumpsBackward)
    let repeatTest = try #require(Instruction.decode(code, at: 2))
    #expect(repeatTest.operands == [1, 256] && repeatTest.jumpTarget == 262)
    let loop = try #require(Instruction.decode(code, at: 6))
    #expect(loop.jumpTarget == 0 && loop.jumpsBackward)
    let call = try #require(Instruction.decode(code, at: 9))
    #expect(call.operands == [0x1234] && call.jumpTarget == nil)
  }

  @Test func undecodable() {
    #expect(Instruction.decode([0xFF], at: 0) == nil)
    #expect(Instruction.decode([0x05, 1, 2, 3], at: 0) == nil)
    #expect(Instruction.decode([0x01], at: 1) == nil)
    #expect(Instruction.decode([0x01], at: -1) == nil)
    #expect(Instruction.decode([0x00, 0, 0, 1], at: 0) == nil)
  }
}

/// A deterministic generator (SplitMix64), so a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// No bytes, however broken, may crash the reader, the verifier or the
/// disassembler; whatever the verifier accepts keeps its promises.
@Suite struct ImageFuzzTests {
  @Test func randomMutationsNeverCrash() {
    var random = SeededGenerator(seed: 0x4B43_0001)
    let original = Fixture.sampleProgram()
    let file = original.fileBytes
    var accepted = 0
    for round in 0..<20_000 {
      if round % 4 == 0 {
        // Through the reader: nearly every change fails a CRC, as it should.
        let bytes = mutate(file, &random)
        if let image = try? Image(fileBytes: bytes) { accepted += exercise(image) }
      } else {
        // Past the CRC: the verifier alone stands between the bytes and a VM.
        var image = original
        image.code = mutate(original.code, &random)
        if round % 3 == 0 { image.functionCount = UInt8.random(in: 0...6, using: &random) }
        if round % 5 == 0 { image.host = mutateHost(image.host, &random) }
        accepted += exercise(image)
      }
    }
    #expect(accepted > 0)
  }

  /// Verifies and lists an image; 1 when the verifier accepted it.
  private func exercise(_ image: Image) -> Int {
    let listing = Disassembler.listing(image)
    #expect(listing.hasPrefix("; Kocode image"))
    _ = Disassembler.listing(image, limits: Fixture.limits)
    guard let program = try? Verifier.verify(image, limits: Fixture.limits) else { return 0 }
    #expect(program.scriptNeed <= Fixture.limits.stackSlots)
    #expect(program.functions.allSatisfy { $0.measuredNeed <= $0.need })
    #expect(program.functions.last?.endOffset == image.code.count)
    return 1
  }

  private func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var result = bytes
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      let position = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &random)
      switch Int.random(in: 0..<6, using: &random) {
      case 0 where !result.isEmpty: result.remove(at: position)
      case 1: result.insert(UInt8.random(in: 0...255, using: &random), at: position)
      case 2: result = Array(result.prefix(position))
      case 3 where !result.isEmpty:
        result[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
      default:
        if !result.isEmpty { result[position] = UInt8.random(in: 0...255, using: &random) }
      }
    }
    return result
  }

  private func mutateHost(_ host: HostSection, _ random: inout SeededGenerator) -> HostSection {
    var result = host
    result.functionNames.removeLast(Int.random(in: 0...result.functionNames.count, using: &random))
    result.globalNames.removeAll()
    result.debugMap.append(
      .init(
        offset: UInt16.random(in: 0...UInt16.max, using: &random),
        block: UInt16.random(in: 0...UInt16.max, using: &random)))
    return result
  }
}
