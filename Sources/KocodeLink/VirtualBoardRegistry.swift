import Foundation
import KocodeSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The virtual boards running on this computer, so that other commands can
/// find them: libserialport cannot list pseudo-terminals. One small file a
/// board in `$XDG_RUNTIME_DIR/kocode/boards` (else the temporary folder),
/// named after the process that runs the board:
/// `{"port":"/dev/pts/3","board":"greenhouse-uno","pid":1234,"link":null}`.
public enum VirtualBoardRegistry {
  /// One running virtual board.
  public struct Entry: Sendable, Equatable {
    /// Its pseudo-terminal.
    public var port: String
    /// The board type (`greenhouse-uno`).
    public var board: String
    /// The process that runs it.
    public var pid: Int32
    /// The symbolic link made with `--link`, if any.
    public var link: String?
  }

  public static func folder(_ environment: [String: String]) -> URL {
    let base =
      environment["XDG_RUNTIME_DIR"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory
    return base.appendingPathComponent("kocode/boards")
  }

  /// Records a board run by this process; returns its file.
  @discardableResult
  public static func add(
    port: String, board: String, link: String?, environment: [String: String],
    pid: Int32 = getpid()
  ) -> URL {
    let folder = folder(environment)
    let file = folder.appendingPathComponent("\(pid).json")
    let text = JSONText.object([
      ("port", .string(port)), ("board", .string(board)), ("pid", .int(Int(pid))),
      ("link", link.map { .string($0) } ?? .null),
    ])
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? (text + "\n").write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  public static func remove(_ file: URL) {
    try? FileManager.default.removeItem(at: file)
  }

  /// The boards whose process still runs, by port. A file left behind by
  /// a board that was killed is skipped (and left for its owner's pid to
  /// be reused: removing it here could race a board starting).
  public static func entries(_ environment: [String: String]) -> [Entry] {
    let folder = folder(environment)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
      let file = folder.appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: file.path),
        let entry = entry(data), isAlive(entry.pid)
      else { return nil }
      return entry
    }.sorted { $0.port < $1.port }
  }

  static func entry(_ data: Data) -> Entry? {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let port = object["port"] as? String, let pid = object["pid"] as? Int
    else { return nil }
    return Entry(
      port: port, board: object["board"] as? String ?? "", pid: Int32(clamping: pid),
      link: object["link"] as? String)
  }

  /// The process exists (a signal 0 reaches it, or it belongs to someone
  /// else, which still means it runs).
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  /// The registered board behind a path: its port, its link, or a path
  /// that resolves to either.
  public static func entry(for path: String, _ environment: [String: String]) -> Entry? {
    let resolved = Transports.resolve(path)
    return entries(environment).first { entry in
      [entry.port, entry.link].contains(path)
        || Transports.resolve(entry.port) == resolved
    }
  }
}
