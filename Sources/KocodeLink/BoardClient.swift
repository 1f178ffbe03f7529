import Foundation
import KocodeBytecode

/// Why a flash failed, beyond the link itself.
public enum FlashError: Error, Sendable, Equatable {
  case link(LinkError)
  /// The board's firmware predates this protocol: `kocode firmware install`.
  case firmwareTooOld(found: UInt8, needed: UInt8)
  /// The image was built for another board type.
  case wrongBoard(imageBoard: UInt16, boardID: UInt16)
  /// The image does not fit the board's program slot.
  case tooLarge(bytes: Int, limit: Int)
  /// The board's verifier refused the image (a bug or a hostile file).
  case refused(code: UInt8, offset: UInt16)
  /// The link went mid-upload: the board keeps its old program.
  case interrupted(LinkError)
  /// The board answered, but not with the new program's CRC.
  case notConfirmed(expected: UInt32, reported: UInt32)
  /// A status the protocol does not expect.
  case unexpected(step: String, status: UInt8)
}

/// The requests of `docs/protocol.md` on top of a session.
public final class BoardClient {
  public let session: LinkSession
  public private(set) var info: BoardInfo

  /// Image bytes that go in one chunk frame.
  public static let chunkBytes = 64
  /// Chunks in flight at once: the board's receive ring holds one whole
  /// frame while it writes the one before to EEPROM.
  public static let window = 2
  /// A real ATmega328P needs about 3.4 ms per EEPROM byte written.
  static let eepromByte = Duration.microseconds(3400)

  /// Opens the conversation: waits for the board's hello.
  public init(transport: any Transport, within: Duration = .seconds(4)) throws(LinkError) {
    session = LinkSession(transport: transport)
    info = try session.hello(within: within)
  }

  /// Asks again what the board holds and does.
  @discardableResult
  public func refresh() throws(LinkError) -> BoardInfo {
    let ack = try session.request(Request(.hello))
    guard let fresh = BoardInfo(data: ack.data) else {
      throw LinkError.noAnswer(session.transport.name)
    }
    info = fresh
    return fresh
  }

  /// Uploads, commits and confirms an image; the board starts it itself.
  /// Returns once the board reports the new program's CRC.
  public func flash(
    _ image: Image, progress: (_ sent: Int, _ total: Int) -> Void = { _, _ in }
  ) throws(FlashError) {
    guard info.firmwareVersion >= BoardInfo.minimumFirmware else {
      throw .firmwareTooOld(found: info.firmwareVersion, needed: BoardInfo.minimumFirmware)
    }
    guard UInt16(image.boardID) == info.boardID else {
      throw .wrongBoard(imageBoard: UInt16(image.boardID), boardID: info.boardID)
    }
    let bytes = image.boardBytes
    guard bytes.count <= info.maxProgramBytes else {
      throw .tooLarge(bytes: bytes.count, limit: info.maxProgramBytes)
    }
    let crc = image.linkCRC
    var begin: [UInt8] = []
    Bytes.put(UInt32(bytes.count), 2, into: &begin)
    Bytes.put(crc, 4, into: &begin)
    do {
      try expect(session.request(Request(.begin, begin, timeout: .milliseconds(400))), "begin")
      let chunkBytes = min(Self.chunkBytes, max(1, info.chunkBytes))
      // Each chunk may wait behind the one before it, both written to EEPROM.
      let timeout = .milliseconds(200) + Self.eepromByte * (chunkBytes * Self.window)
      let chunks = stride(from: 0, to: bytes.count, by: chunkBytes).map { offset in
        var payload: [UInt8] = []
        Bytes.put(UInt32(offset), 2, into: &payload)
        payload += bytes[offset..<min(offset + chunkBytes, bytes.count)]
        return Request(.chunk, payload, timeout: timeout)
      }
      progress(0, bytes.count)
      let acks = try session.exchange(chunks, window: Self.window) { done in
        progress(min(done * chunkBytes, bytes.count), bytes.count)
      }
      for ack in acks { try expect(ack, "chunk") }
      var commit: [UInt8] = []
      Bytes.put(crc, 4, into: &commit)
      // The board reads the slot back for its CRC-32 and verifies the image.
      let ack = try session.request(Request(.commit, commit, timeout: .milliseconds(1500)))
      if ack.knownStatus == .refused {
        throw FlashError.refused(
          code: ack.data.first ?? 0, offset: UInt16(Bytes.get(ack.data, 1, 2)))
      }
      try expect(ack, "commit")
      let after = try refresh()
      guard after.programCRC == crc, after.programLength == bytes.count else {
        throw FlashError.notConfirmed(expected: crc, reported: after.programCRC)
      }
    } catch let error as FlashError {
      throw error
    } catch let error as LinkError {
      throw .interrupted(error)
    } catch {
      throw .interrupted(.system(session.transport.name, "\(error)"))
    }
  }

  private func expect(_ ack: Ack, _ step: String) throws(FlashError) {
    guard ack.knownStatus == .ok else { throw .unexpected(step: step, status: ack.status) }
  }

  /// Starts the stored program from the beginning, with a seed for its
  /// random numbers (0: the board picks one).
  public func run(seed: UInt32 = 0) throws(LinkError) -> AckStatus? {
    var payload: [UInt8] = []
    if seed != 0 { Bytes.put(seed, 4, into: &payload) }
    return try session.request(Request(.run, payload)).knownStatus
  }

  /// Safe state now: the program stops, the pump goes off.
  public func stop() throws(LinkError) {
    _ = try session.request(Request(.stop))
  }
}

/// Why a board-care request failed.
public enum CareError: Error, Sendable, Equatable {
  case link(LinkError)
  /// The firmware predates board care: `kocode firmware install`.
  case firmwareTooOld(found: UInt8, needed: UInt8)
  /// The board has no soil probe to calibrate.
  case noSensor
  /// A status the protocol does not expect here.
  case unexpected(request: String, status: UInt8)
}

extension BoardClient {
  /// The longest name a board stores, in UTF-8 bytes.
  public static let nameBytes = 16
  /// How long `identify` blinks unless told otherwise, in seconds.
  public static let identifySeconds = 5

  /// No program any more; the name and calibration stay.
  public func erase() throws(CareError) {
    try care(Request(.erase, timeout: .milliseconds(1500)), "erase")
  }

  /// Stores the board's name (at most 16 UTF-8 bytes; empty clears it).
  public func rename(_ name: String) throws(CareError) {
    try care(Request(.name, Array(name.utf8), timeout: .milliseconds(600)), "name")
  }

  /// Blinks the built-in LED and beeps for `seconds` (0 stops it).
  public func identify(seconds: Int = identifySeconds) throws(CareError) {
    try care(Request(.identify, [UInt8(clamping: seconds)]), "identify")
  }

  /// Stores the soil probe's calibration; nil goes back to the board file's.
  public func calibrate(_ calibration: SoilCalibration?) throws(CareError) {
    var payload: [UInt8] = []
    Bytes.put(UInt32(calibration?.dry ?? 0), 2, into: &payload)
    Bytes.put(UInt32(calibration?.wet ?? 0), 2, into: &payload)
    try care(Request(.calibrate, payload, timeout: .milliseconds(600)), "calibrate")
  }

  /// The soil probe's raw reading now (averaged on the board) and the
  /// percent it gives with the calibration in force.
  public func senseSoil() throws(CareError) -> (raw: Int, percent: Int) {
    let ack = try care(Request(.sense), "sense")
    guard ack.data.count >= 3 else { throw .unexpected(request: "sense", status: ack.status) }
    return (Int(Bytes.get(ack.data, 0, 2)), Int(ack.data[2]))
  }

  @discardableResult
  private func care(_ request: Request, _ name: String) throws(CareError) -> Ack {
    guard info.firmwareVersion >= BoardInfo.careFirmware else {
      throw .firmwareTooOld(found: info.firmwareVersion, needed: BoardInfo.careFirmware)
    }
    let ack: Ack
    do {
      ack = try session.request(request)
    } catch {
      throw .link(error)
    }
    switch ack.knownStatus {
    case .ok: return ack
    case .noSensor: throw .noSensor
    default: throw .unexpected(request: name, status: ack.status)
    }
  }
}
