import Foundation

/// Finds and reads board definitions: one folder a board under `Boards/`.
public struct BoardCatalog: Sendable {
  public static let defaultBoard = "greenhouse-uno"

  /// The `Boards` folder in use.
  public let directory: URL

  public enum LoadError: Error, Equatable, Sendable {
    /// No `Boards` folder was found (set `KOCODE_BOARDS`).
    case noBoardsFolder
    /// No folder of that name; `known` lists the boards that exist.
    case unknownBoard(String, known: [String])
    /// The board file exists but cannot be read: the reason.
    case invalid(String, reason: String)
  }

  public init(directory: URL) {
    self.directory = directory
  }

  /// The `Boards` folder: `KOCODE_BOARDS`, else the first `Boards` folder
  /// found walking up from the executable, else from the current folder.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(LoadError) -> BoardCatalog {
    if let path = environment["KOCODE_BOARDS"], !path.isEmpty {
      return BoardCatalog(directory: URL(fileURLWithPath: path))
    }
    let starts = [
      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        .deletingLastPathComponent(),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    ]
    for start in starts {
      var folder = start.standardizedFileURL
      for _ in 0..<8 {
        let candidate = folder.appendingPathComponent("Boards")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
          isDirectory.boolValue
        {
          return BoardCatalog(directory: candidate)
        }
        folder = folder.deletingLastPathComponent()
      }
    }
    throw .noBoardsFolder
  }

  /// The names of every board folder that holds a `board.json`.
  public func names() -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return entries.filter {
      FileManager.default.fileExists(
        atPath: directory.appendingPathComponent($0).appendingPathComponent("board.json").path)
    }.sorted()
  }

  public func load(_ name: String) throws(LoadError) -> BoardDefinition {
    let file = directory.appendingPathComponent(name).appendingPathComponent("board.json")
    guard !name.contains("/"), let data = FileManager.default.contents(atPath: file.path) else {
      throw .unknownBoard(name, known: names())
    }
    return try Self.decode(data, name: name)
  }

  public static func decode(_ data: Data, name: String) throws(LoadError) -> BoardDefinition {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(BoardDefinition.self, from: data)
    } catch {
      throw .invalid(name, reason: String(describing: error))
    }
  }
}
