import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeFirmware
import KocodeLink

/// The repository, its boards and firmware, and virtual boards to talk to.
enum LinkFixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func board(_ name: String) -> BoardDefinition {
    let file = root.appendingPathComponent("Boards/\(name)/board.json")
    guard let data = FileManager.default.contents(atPath: file.path),
      let board = try? BoardCatalog.decode(data, name: name)
    else { fatalError("cannot read \(file.path)") }
    return board
  }

  static let uno = board("greenhouse-uno")

  private static let lock = NSLock()
  nonisolated(unsafe) private static var firmwares: [String: URL] = [:]

  static func firmware(_ board: BoardDefinition) throws -> URL {
    lock.lock()
    defer { lock.unlock() }
    if let elf = firmwares[board.name] { return elf }
    let elf = try FirmwareBuilder(projectRoot: root, board: board).build().elf
    firmwares[board.name] = elf
    return elf
  }

  /// A mission's solution, compiled.
  static func solution(_ mission: String, board: BoardDefinition = uno) -> Image {
    let file = root.appendingPathComponent("Missions/\(mission)/solution.json")
    guard let data = FileManager.default.contents(atPath: file.path),
      let image = Compiler.compile([UInt8](data), board: board).image
    else { fatalError("\(mission)'s solution cannot be read or does not compile") }
    return image
  }
}

/// One virtual board in real time, with a blank EEPROM (or the one given),
/// stopped at the end of the test.
final class VirtualBoard {
  let process: VirtualBoardProcess
  let port: String
  let folder: URL

  init(board: BoardDefinition = LinkFixtures.uno, eeprom: [UInt8]? = nil) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-link-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let slots = ProgramSlots(board: board)
    var bytes = eeprom ?? slots.blank()
    if eeprom == nil { slots.write(config: .init(seed: 1, boardName: "test"), into: &bytes) }
    let file = folder.appendingPathComponent("eeprom.bin")
    try Data(bytes).write(to: file)
    process = VirtualBoardProcess(
      executable: try VirtualBoardProcess.buildIfMissing(projectRoot: LinkFixtures.root),
      firmware: try LinkFixtures.firmware(board),
      options: .init(mcu: board.mcu, eeprom: file))
    port = try process.start()
  }

  deinit {
    process.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  func connect() throws -> BoardClient {
    try BoardClient(transport: try TermiosTransport(path: port))
  }
}
