import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeVM

/// Turns a board's telemetry into the trace lines of `cli.md`: numbers
/// become names with the board file (outputs) and the image's host section
/// (texts, block ids), which never went to the board.
public struct BoardTrace: Sendable {
  public let board: BoardDefinition
  /// The image the board runs, when the computer has it (else texts and
  /// blocks are shown by number).
  public let image: Image?

  public init(board: BoardDefinition, image: Image?) {
    self.board = board
    self.image = image
  }

  /// The block at a code offset, when known.
  public func block(at pc: UInt16) -> String? { image?.host.block(at: Int(pc)) }

  /// The trace event a record stands for; nil for the firmware's own
  /// records (boot, slot, run, running, sensors).
  public func event(_ record: TelemetryRecord) -> TraceEvent? {
    TraceEvent.numeric(
      kind: record.kind, index: record.index, code: record.code, value: record.value,
      pc: record.pc, timeMS: Int64(record.timeMS), board: board, image: image)
  }
}

/// The images this computer flashed, by the CRC the board reports, so that
/// `kocode watch` can name the texts and blocks of a program flashed
/// earlier (board.md: texts and block ids stay on the computer).
public struct ImageStore: Sendable {
  public let folder: URL

  public init(folder: URL) { self.folder = folder }

  /// `$KOCODE_CACHE`, else `$XDG_CACHE_HOME/kocode/images`, else
  /// `~/.cache/kocode/images`.
  public init(environment: [String: String]) {
    if let path = environment["KOCODE_CACHE"] {
      folder = URL(fileURLWithPath: path).appendingPathComponent("images")
    } else if let path = environment["XDG_CACHE_HOME"] {
      folder = URL(fileURLWithPath: path).appendingPathComponent("kocode/images")
    } else {
      folder = FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".cache/kocode/images")
    }
  }

  func file(_ crc: UInt32) -> URL {
    let digits = String(crc, radix: 16, uppercase: true)
    return folder.appendingPathComponent(
      String(repeating: "0", count: 8 - digits.count) + digits + ".kbc")
  }

  /// Keeps an image and, when it was compiled here, its block program (for
  /// `watch`'s outline); a cache that cannot be written costs only names
  /// in `watch`, so failures are ignored.
  public func keep(_ image: Image, source: [UInt8]? = nil) {
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(image.fileBytes).write(to: file(image.linkCRC), options: .atomic)
    if let source {
      let path = file(image.linkCRC).deletingPathExtension().appendingPathExtension("program")
      try? Data(source).write(to: path, options: .atomic)
    }
  }

  /// The block program an image was compiled from, when it is kept.
  public func source(crc: UInt32) -> [UInt8]? {
    let path = file(crc).deletingPathExtension().appendingPathExtension("program")
    return FileManager.default.contents(atPath: path.path).map { [UInt8]($0) }
  }

  public func image(crc: UInt32) -> Image? {
    guard let data = FileManager.default.contents(atPath: file(crc).path),
      let image = try? Image(fileBytes: [UInt8](data)), image.linkCRC == crc
    else { return nil }
    return image
  }
}
