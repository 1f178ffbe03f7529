import Testing

@testable import KocodeLink

@Suite struct FramingTests {
  @Test func crc16IsCCITTFalse() {
    #expect(CRC16.checksum(Array("123456789".utf8)) == 0x29B1)
    #expect(CRC16.checksum([]) == 0xFFFF)
  }

  @Test func cobsRoundTripsEveryShape() {
    var random = SplitMix(seed: 7)
    for length in [0, 1, 2, 253, 254, 255, 256, 600] {
      for zeroEvery in [0, 1, 3, 300] {
        let bytes = (0..<length).map { index -> UInt8 in
          if zeroEvery > 0 && index % zeroEvery == 0 { return 0 }
          return UInt8(truncatingIfNeeded: random.next() | 1)
        }
        let encoded = COBS.encode(bytes)
        #expect(!encoded.contains(0))
        #expect(encoded.count <= bytes.count + bytes.count / 254 + 1)
        #expect(COBS.decode(encoded) == bytes, "length \(length), zero every \(zeroEvery)")
      }
    }
  }

  @Test func aFrameSurvivesNoiseAroundIt() {
    let frame = Frame(.event, seq: 9, payload: [0, 1, 0, 2, 255, 0])
    var decoder = FrameDecoder()
    let stream: [UInt8] = Array("boot banner\r\n".utf8) + [0] + frame.wire + [0, 0] + frame.wire
    #expect(decoder.feed(stream) == [frame, frame])
    #expect(decoder.broken == 1)
  }

  @Test func everySingleBitFlipIsCaught() {
    let frame = Frame(.chunk, seq: 3, payload: Array(0..<64))
    let wire = frame.wire
    for index in 0..<wire.count - 1 {
      for bit in 0..<8 {
        var bent = wire
        bent[index] ^= UInt8(1 << bit)
        var decoder = FrameDecoder()
        #expect(!decoder.feed(bent + [0]).contains(frame) || bent == wire)
      }
    }
  }

  @Test func aTelemetryRecordRoundTrips() {
    let record = TelemetryRecord(kind: 2, index: 1, code: 0, value: -5, pc: 300, timeMS: 123_456)
    #expect(TelemetryRecord.decode(record.wire(seq: 4)) == [record])
    #expect(record.payload.count == TelemetryRecord.size)
  }
}

/// A small deterministic generator for test data.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
