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

  private func text(_ index: UInt8) -> String {
    guard let texts = image?.host.texts, Int(index) < texts.count else { return "#\(index)" }
    return texts[Int(index)]
  }

  private func output(_ index: UInt8) -> String {
    Int(index) < board.outputs.count ? board.outputs[Int(index)].name : "output\(index)"
  }

  /// The block at a code offset, when known.
  public func block(at pc: UInt16) -> String? { image?.host.block(at: Int(pc)) }

  /// The trace event a record stands for; nil for the firmware's own
  /// records (boot, slot, run, running).
  public func event(_ record: TelemetryRecord) -> TraceEvent? {
    let time = Int64(record.timeMS)
    switch record.kind {
    case 1: return .start(timeMS: time, scripts: Int(record.value))
    case 2: return .output(timeMS: time, name: output(record.index), value: record.value)
    case 3: return .log(timeMS: time, label: text(record.index), value: .number(record.value))
    case 4:
      return .log(timeMS: time, label: text(record.index), value: .boolean(record.value != 0))
    case 5: return .print(timeMS: time, text: text(record.index))
    case 6: return .print(timeMS: time, text: String(record.value))
    case 7: return .print(timeMS: time, text: record.value != 0 ? "true" : "false")
    case 8:
      let rule: SafetyRule = record.code == 1 ? .pumpMaxOn : .tankEmpty
      return .safety(timeMS: time, rule: rule, name: output(record.index))
    case 9:
      return .error(
        timeMS: time, code: RuntimeErrorCode(rawValue: record.code) ?? .badInstruction,
        block: block(at: record.pc))
    case 10: return .end(timeMS: time, reason: Self.endReason(record.code))
    default: return nil
    }
  }

  static func endReason(_ code: UInt8) -> EndReason {
    switch code {
    case 1: .finished
    case 2: .timeLimit
    case 4: .stopped
    default: .error
    }
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
