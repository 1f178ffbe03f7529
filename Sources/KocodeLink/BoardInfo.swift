/// What a board says of itself in answer to a hello or a status request
/// (`docs/protocol.md`, "Hello").
public struct BoardInfo: Sendable, Equatable {
  public enum State: UInt8, Sendable {
    case empty = 0
    case running = 1
    case stopped = 2
    case uploading = 3
  }

  public var protocolVersion: UInt8
  public var firmwareVersion: UInt8
  public var formatVersion: UInt8
  public var boardID: UInt16
  public var maxProgramBytes: Int
  public var chunkBytes: Int
  public var state: State?
  public var programLength: Int
  public var programCRC: UInt32
  public var generation: UInt16
  /// How the last run ended (the VM's KC_END_*, 0 while it runs).
  public var endCode: UInt8
  /// Its runtime error (KC_ERR_*), 0 for none, and where.
  public var errorCode: UInt8
  public var errorPC: UInt16
  /// Board time of the running program, in ms.
  public var timeMS: Int32
  /// The name staff gave the board, empty when none.
  public var name: String
  /// The soil probe's calibration stored on the board (raw readings in air
  /// and in water), nil when the board file's numbers apply or the
  /// firmware predates calibration.
  public var soilCalibration: SoilCalibration?

  /// The oldest firmware this Kocode talks to.
  public static let minimumFirmware: UInt8 = 2
  /// The oldest firmware with board care: erase, name, identify, calibrate.
  public static let careFirmware: UInt8 = 3
  public static let dataBytes = 41
  /// With the soil calibration (firmware 3 on).
  public static let careDataBytes = 46

  /// Reads an ack's data (after type and status).
  public init?(data: [UInt8]) {
    guard data.count >= Self.dataBytes else { return nil }
    protocolVersion = data[0]
    firmwareVersion = data[1]
    formatVersion = data[2]
    boardID = UInt16(Bytes.get(data, 3, 2))
    maxProgramBytes = Int(Bytes.get(data, 5, 2))
    chunkBytes = Int(data[7])
    state = State(rawValue: data[8])
    programLength = Int(Bytes.get(data, 9, 2))
    programCRC = Bytes.get(data, 11, 4)
    generation = UInt16(Bytes.get(data, 15, 2))
    endCode = data[17]
    errorCode = data[18]
    errorPC = UInt16(Bytes.get(data, 19, 2))
    timeMS = Int32(bitPattern: Bytes.get(data, 21, 4))
    let nameBytes = data[25..<41].prefix { $0 != 0 }
    name = String(decoding: nameBytes, as: UTF8.self)
    soilCalibration = nil
    if data.count >= Self.careDataBytes, data[41] == 1 {
      soilCalibration = SoilCalibration(
        dry: Int(Bytes.get(data, 42, 2)), wet: Int(Bytes.get(data, 44, 2)))
    }
  }

  /// A program is stored (running or not).
  public var hasProgram: Bool { programLength > 0 }
}

/// A soil probe's raw readings (0–1023) in dry air and in water.
public struct SoilCalibration: Sendable, Equatable {
  public var dry: Int
  public var wet: Int

  public init(dry: Int, wet: Int) {
    self.dry = dry
    self.wet = wet
  }
}
