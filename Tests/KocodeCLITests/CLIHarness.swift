import Foundation
import KocodeCLI

/// Runs `kocode` in-process and keeps what it wrote.
struct CLIRun {
  var code: Int32
  var out: String
  var error: String

  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func golden(_ name: String) -> String {
    root.appendingPathComponent("Tests/KocodeCLITests/Golden").appendingPathComponent(name).path
  }

  /// `kocode ARGUMENTS` with `environment` (boards found through
  /// `KOCODE_BOARDS`) and `input` as standard input.
  init(
    _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = []
  ) {
    nonisolated(unsafe) var out = ""
    nonisolated(unsafe) var error = ""
    let console = Console(out: { out += $0 }, error: { error += $0 })
    var environment = environment
    environment["NO_COLOR"] = environment["NO_COLOR"] ?? "1"
    environment["KOCODE_BOARDS"] =
      environment["KOCODE_BOARDS"]
      ?? Self.root.appendingPathComponent("Boards").path
    code = Kocode.main(
      arguments, console: console, environment: environment, readStandardInput: { input })
    self.out = out
    self.error = error
  }

  /// Standard output as parsed JSON lines.
  var jsonLines: [NSDictionary] {
    out.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? NSDictionary
    }
  }
}
