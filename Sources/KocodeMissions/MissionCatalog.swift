import Foundation

/// Finds and reads missions: one folder a mission under `Missions/`.
public struct MissionCatalog: Sendable {
  /// The `Missions` folder in use.
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  /// The `Missions` folder: `KOCODE_MISSIONS`, else the first `Missions`
  /// folder found walking up from the executable, then from the current
  /// folder, else the one beside `KOCODE_BOARDS`.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(MissionError) -> MissionCatalog {
    if let path = environment["KOCODE_MISSIONS"], !path.isEmpty {
      return MissionCatalog(directory: URL(fileURLWithPath: path))
    }
    var starts = [
      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        .deletingLastPathComponent(),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    ]
    if let boards = environment["KOCODE_BOARDS"], !boards.isEmpty {
      starts.append(URL(fileURLWithPath: boards).deletingLastPathComponent())
    }
    for start in starts {
      if let found = search(upFrom: start) { return MissionCatalog(directory: found) }
    }
    throw .noMissionsFolder
  }

  private static func search(upFrom start: URL) -> URL? {
    var folder = start.standardizedFileURL
    for _ in 0..<8 {
      let candidate = folder.appendingPathComponent("Missions")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return candidate
      }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }

  /// The names of every mission folder that holds a `mission.json`.
  public func names() -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return entries.filter {
      FileManager.default.fileExists(atPath: file(of: $0).path)
    }.sorted()
  }

  public func load(_ name: String) throws(MissionError) -> Mission {
    guard !name.contains("/"), !name.hasPrefix("."),
      let data = FileManager.default.contents(atPath: file(of: name).path)
    else { throw .unknownMission(name, known: names()) }
    return try MissionFile.mission(
      from: data, name: name, folder: directory.appendingPathComponent(name))
  }

  /// Every mission, first steps first.
  public func all() throws(MissionError) -> [Mission] {
    var missions: [Mission] = []
    for name in names() { missions.append(try load(name)) }
    return missions.sorted { ($0.order, $0.level, $0.name) < ($1.order, $1.level, $1.name) }
  }

  private func file(of name: String) -> URL {
    directory.appendingPathComponent(name).appendingPathComponent("mission.json")
  }
}
