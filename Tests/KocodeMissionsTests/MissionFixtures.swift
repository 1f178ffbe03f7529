import Foundation
import KocodeBoard
import KocodeCompiler
import KocodeMissions
import KocodeVM

/// The repository's missions and boards, and helpers to run programs in them.
enum MissionFixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let catalog = MissionCatalog(directory: root.appendingPathComponent("Missions"))
  static let boards = BoardCatalog(directory: root.appendingPathComponent("Boards"))

  static let names: [String] = catalog.names()

  static func mission(_ name: String) throws -> Mission { try catalog.load(name) }

  static func board(for mission: Mission) throws -> BoardDefinition {
    try boards.load(mission.board)
  }

  /// Compiles a program file and runs it in the mission's greenhouse.
  static func run(_ mission: Mission, program url: URL) throws -> MissionRun {
    let board = try board(for: mission)
    let bytes = try Array(Data(contentsOf: url))
    let compilation = Compiler.compile(bytes, board: board)
    guard let image = compilation.image else {
      throw FixtureError.doesNotCompile(url.path, compilation.diagnostics.map(\.code))
    }
    return try MissionRunner.run(mission, image: image, board: board)
  }

  /// Runs a program given as Blockly JSON text.
  static func run(_ mission: Mission, json: String) throws -> MissionRun {
    let board = try board(for: mission)
    let compilation = Compiler.compile(Array(json.utf8), board: board)
    guard let image = compilation.image else {
      throw FixtureError.doesNotCompile("inline", compilation.diagnostics.map(\.code))
    }
    return try MissionRunner.run(mission, image: image, board: board)
  }

  enum FixtureError: Error {
    case doesNotCompile(String, [String])
  }
}

/// Small Blockly programs for tests, in the shape the editor saves.
enum Programs {
  static func workspace(_ blocks: String...) -> String {
    #"{"blocks":{"languageVersion":0,"blocks":["# + blocks.joined(separator: ",") + "]}}"
  }

  static func number(_ value: Int) -> String {
    let id = "n\(value)_\(counter())"
    return #"{"shadow":{"type":"math_number","id":"\#(id)","fields":{"NUM":\#(value)}}}"#
  }

  static func onStart(_ body: String) -> String {
    #"{"type":"kocode_on_start","id":"start\#(counter())","inputs":{"DO":{"block":\#(body)}}}"#
  }

  nonisolated(unsafe) private static var next = 0
  private static let lock = NSLock()

  private static func counter() -> Int {
    lock.lock()
    defer { lock.unlock() }
    next += 1
    return next
  }
}
