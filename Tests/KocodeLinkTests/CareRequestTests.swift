import Foundation
import Testing

@testable import KocodeLink

/// Board care against boards that answer in memory: an old firmware gets
/// "too old" before any request goes out (were one sent, this board would
/// answer "unknown request"), and the hello's calibration is read when it
/// is there.
@Suite struct CareRequestTests {
  /// A board that answers every hello with `hello`, and every other
  /// request with "unknown request" (status 1), as firmware 2 does.
  static func board(on end: MemoryTransport, hello: [UInt8]) {
    Thread.detachNewThread {
      var decoder = FrameDecoder()
      while let bytes = try? end.read(timeout: .seconds(5)) {
        for frame in decoder.feed(bytes) {
          let answer = frame.kind == .hello ? [0] + hello : [1]
          try? end.write(Frame(.ack, seq: frame.seq, payload: [frame.type] + answer).wire)
        }
      }
    }
  }

  static func hello(firmware: UInt8, calibration: (UInt16, UInt16)? = nil) -> [UInt8] {
    var data = [UInt8](repeating: 0, count: BoardInfo.dataBytes)
    data[0] = 1
    data[1] = firmware
    data[2] = 1
    data[3] = 1
    data[5] = 0xE0  // 480 program bytes
    data[6] = 0x01
    data[7] = 64
    if firmware >= BoardInfo.careFirmware {
      data.append(calibration == nil ? 0 : 1)
      data += [UInt8(truncatingIfNeeded: calibration?.0 ?? 0), UInt8((calibration?.0 ?? 0) >> 8)]
      data += [UInt8(truncatingIfNeeded: calibration?.1 ?? 0), UInt8((calibration?.1 ?? 0) >> 8)]
    }
    return data
  }

  @Test func anOldFirmwareIsToldToUpdateBeforeAnyRequest() throws {
    let (host, board) = MemoryTransport.pair()
    Self.board(on: board, hello: Self.hello(firmware: 2))
    let client = try BoardClient(transport: host, within: .seconds(2))
    #expect(client.info.soilCalibration == nil)
    let tooOld = CareError.firmwareTooOld(found: 2, needed: BoardInfo.careFirmware)
    #expect(throws: tooOld) { try client.erase() }
    #expect(throws: tooOld) { try client.rename("serre") }
    #expect(throws: tooOld) { try client.identify() }
    #expect(throws: tooOld) { try client.calibrate(SoilCalibration(dry: 600, wet: 300)) }
    #expect(throws: tooOld) { _ = try client.senseSoil() }
    host.close()
  }

  @Test func theHelloCarriesTheCalibration() throws {
    let (host, board) = MemoryTransport.pair()
    Self.board(on: board, hello: Self.hello(firmware: 3, calibration: (612, 281)))
    let client = try BoardClient(transport: host, within: .seconds(2))
    #expect(client.info.soilCalibration == SoilCalibration(dry: 612, wet: 281))
    #expect(throws: CareError.unexpected(request: "name", status: 1)) {
      try client.rename("serre-2")
    }
    host.close()
  }
}
