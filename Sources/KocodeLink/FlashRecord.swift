import Foundation

/// When and from which file this computer last flashed a program, kept
/// beside its image under the image's CRC: what `kocode status` says of a
/// board's program. A board flashed from another computer has no record.
public struct FlashRecord: Codable, Sendable, Equatable {
  /// The program's file as given to `kocode flash`, made absolute (`-`
  /// for standard input).
  public var file: String
  /// When the board confirmed the program.
  public var flashedAt: Date

  public init(file: String, flashedAt: Date) {
    self.file = file
    self.flashedAt = flashedAt
  }

  /// The file's name without its folder and extension: the program's name.
  public var programName: String {
    file == "-" ? "-" : URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
  }
}

extension ImageStore {
  private func recordFile(_ crc: UInt32) -> URL {
    file(crc).deletingPathExtension().appendingPathExtension("flashed.json")
  }

  /// Records a flash; like the rest of the cache, a record that cannot be
  /// written is only missing later, never an error.
  public func record(crc: UInt32, file: String, at date: Date = Date()) {
    let absolute =
      file == "-"
      ? file
      : URL(
        fileURLWithPath: file,
        relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      )
      .standardizedFileURL.path
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(FlashRecord(file: absolute, flashedAt: date)) else {
      return
    }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? data.write(to: recordFile(crc), options: .atomic)
  }

  /// The last flash of the program with this CRC from this computer.
  public func record(crc: UInt32) -> FlashRecord? {
    guard let data = FileManager.default.contents(atPath: recordFile(crc).path) else { return nil }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try? decoder.decode(FlashRecord.self, from: data)
  }
}
