import Foundation
import KocodeBoard
import KocodeFirmware

/// The repository, its boards, and what every firmware test builds once.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func board(_ name: String) -> BoardDefinition {
    let file = root.appendingPathComponent("Boards/\(name)/board.json")
    guard let data = FileManager.default.contents(atPath: file.path),
      let board = try? BoardCatalog.decode(data, name: name)
    else { fatalError("cannot read \(file.path)") }
    return board
  }

  static let uno = board("greenhouse-uno")
  static let mega = board("greenhouse-mega")

  /// The firmware of a board, built once per test run (make is quick to
  /// say nothing changed, but tests ask often).
  static func firmware(_ board: BoardDefinition) throws -> FirmwareBuilder.Build {
    try builds.build(board)
  }

  /// `kc-vboard`, built with `make -C VirtualBoard` when missing.
  static func virtualBoard() throws -> URL {
    try VirtualBoardProcess.buildIfMissing(projectRoot: root)
  }

  private static let builds = BuildCache()

  /// The seconds since `start`, to report how long a piece of work took.
  static func seconds(since start: ContinuousClock.Instant) -> String {
    let elapsed = ContinuousClock.now - start
    let value =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return String(format: "%.1f s", value)
  }
}

/// One build per board per process, whichever test asks first.
final class BuildCache: @unchecked Sendable {
  private let lock = NSLock()
  private var done: [String: FirmwareBuilder.Build] = [:]

  func build(_ board: BoardDefinition) throws -> FirmwareBuilder.Build {
    lock.lock()
    defer { lock.unlock() }
    if let build = done[board.name] { return build }
    let build = try FirmwareBuilder(projectRoot: Fixtures.root, board: board).build()
    done[board.name] = build
    return build
  }
}
