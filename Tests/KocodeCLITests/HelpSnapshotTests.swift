import Foundation
import Testing

/// `--help` text, compared with the snapshots in `Golden/help/`. After a
/// deliberate change to the help, run the tests once with
/// `KOCODE_UPDATE_SNAPSHOTS=1` to rewrite the snapshots, then read the diff.
@Suite struct HelpSnapshotTests {
  static let folder = CLIRun.root.appendingPathComponent("Tests/KocodeCLITests/Golden/help")

  /// The arguments of each snapshot, by file name.
  static let cases: [(file: String, arguments: [String])] = [
    ("kocode.en.txt", ["--help", "--lang", "en"]),
    ("kocode.fr.txt", ["--help", "--lang", "fr"]),
    ("run.en.txt", ["run", "--help", "--lang", "en"]),
    ("run.fr.txt", ["run", "--help", "--lang", "fr"]),
    ("blocks.en.txt", ["blocks", "--help", "--lang", "en"]),
    ("blocks.fr.txt", ["blocks", "--help", "--lang", "fr"]),
    ("plot.en.txt", ["plot", "--help", "--lang", "en"]),
    ("plot.fr.txt", ["plot", "--help", "--lang", "fr"]),
    ("watch.en.txt", ["watch", "--help", "--lang", "en"]),
    ("watch.fr.txt", ["watch", "--help", "--lang", "fr"]),
    ("board.en.txt", ["board", "--help", "--lang", "en"]),
    ("board.fr.txt", ["board", "--help", "--lang", "fr"]),
    ("status.en.txt", ["status", "--help", "--lang", "en"]),
    ("status.fr.txt", ["status", "--help", "--lang", "fr"]),
    ("calibrate.en.txt", ["calibrate", "--help", "--lang", "en"]),
    ("calibrate.fr.txt", ["calibrate", "--help", "--lang", "fr"]),
  ]

  @Test(arguments: cases.map(\.file))
  func helpMatchesItsSnapshot(_ file: String) throws {
    let arguments = try #require(Self.cases.first { $0.file == file }).arguments
    let run = CLIRun(arguments)
    #expect(run.code == 0)
    #expect(run.error.isEmpty)
    let url = Self.folder.appendingPathComponent(file)
    if ProcessInfo.processInfo.environment["KOCODE_UPDATE_SNAPSHOTS"] != nil {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try Data(run.out.utf8).write(to: url)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    let command = "kocode " + arguments.joined(separator: " ")
    #expect(
      run.out == expected,
      "\(command) differs from \(file): \(firstDifference(run.out, expected))")
  }

  /// Help for an argument order other than the snapshot's is the same text.
  @Test func helpDoesNotDependOnWhereTheFlagsAre() {
    #expect(CLIRun(["--lang", "fr", "--help"]).out == CLIRun(["--help", "--lang", "fr"]).out)
    #expect(CLIRun(["-h", "--lang", "en"]).out == CLIRun(["--help", "--lang", "en"]).out)
    let run = CLIRun(["run", "--help", "--lang", "en"])
    #expect(CLIRun(["run", "-h", "--lang=en"]).out == run.out)
    #expect(CLIRun(["run", "water.json", "--for", "3s", "--help", "--lang", "en"]).out == run.out)
    #expect(
      CLIRun(["--help"], environment: ["LANG": "fr_FR.UTF-8"]).out
        == CLIRun(["--help", "--lang", "fr"]).out)
  }

  /// The first line where two texts differ, both sides shown.
  func firstDifference(_ actual: String, _ expected: String) -> String {
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    for index in 0..<max(actualLines.count, expectedLines.count) {
      let got = index < actualLines.count ? actualLines[index] : "(end)"
      let want = index < expectedLines.count ? expectedLines[index] : "(end)"
      if got != want { return "line \(index + 1): got \"\(got)\", expected \"\(want)\"" }
    }
    return "no line differs"
  }
}
