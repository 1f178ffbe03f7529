import Foundation
import Testing

/// Golden programs, JSON and XML, each with the trace it must give beside it.
@Suite struct GoldenTraceTests {
  static let folder = CLIRun.root.appendingPathComponent("Tests/KocodeCLITests/Golden")

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".args") }.map { String($0.dropLast(5)) }.sorted()
  }()

  static let programs: [String] = names.flatMap { name in
    ["json", "xml"].map { "\(name).\($0)" }.filter {
      FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
    }
  }

  @Test func everyGoldenProgramHasATrace() {
    #expect(Self.names.count >= 9)
    for name in Self.names {
      let trace = Self.folder.appendingPathComponent("\(name).trace.jsonl").path
      #expect(FileManager.default.fileExists(atPath: trace), "\(name) has no trace")
    }
  }

  @Test(arguments: programs, ["swift", "c"])
  func traceMatches(_ program: String, vm: String) throws {
    let name = String(program.split(separator: ".")[0])
    let arguments = try String(
      contentsOf: Self.folder.appendingPathComponent("\(name).args"), encoding: .utf8
    ).split(whereSeparator: \.isWhitespace).map(String.init)
    let expected = try String(
      contentsOf: Self.folder.appendingPathComponent("\(name).trace.jsonl"), encoding: .utf8)
    let run = CLIRun(
      ["run", CLIRun.golden(program)] + arguments + ["--trace", "-", "--vm", vm])
    let expectedLines = expected.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? NSDictionary
    }
    #expect(run.jsonLines == expectedLines, "\(program): \(run.out)")
    let endedOnError = (expectedLines.last?["reason"] as? String) == "error"
    #expect(run.code == (endedOnError ? 1 : 0))
  }

  @Test func jsonAndXmlBuildIdenticalImages() throws {
    for name in Self.names
    where FileManager.default.fileExists(
      atPath: Self.folder.appendingPathComponent("\(name).xml").path)
    {
      let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("kocode-golden-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: directory) }
      let fromJSON = directory.appendingPathComponent("json.kbc").path
      let fromXML = directory.appendingPathComponent("xml.kbc").path
      #expect(CLIRun(["build", CLIRun.golden("\(name).json"), "-o", fromJSON, "-q"]).code == 0)
      #expect(CLIRun(["build", CLIRun.golden("\(name).xml"), "-o", fromXML, "-q"]).code == 0)
      let json = try Data(contentsOf: URL(fileURLWithPath: fromJSON))
      let xml = try Data(contentsOf: URL(fileURLWithPath: fromXML))
      #expect(json == xml, "\(name): JSON and XML images differ")
    }
  }

  /// Running the built image gives the same trace as running the program.
  @Test func imagesRunLikeTheirPrograms() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-images-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in Self.names {
      let image = directory.appendingPathComponent("\(name).kbc").path
      #expect(CLIRun(["build", CLIRun.golden("\(name).json"), "-o", image, "-q"]).code == 0)
      let arguments = try String(
        contentsOf: Self.folder.appendingPathComponent("\(name).args"), encoding: .utf8
      ).split(whereSeparator: \.isWhitespace).map(String.init)
      let fromProgram = CLIRun(
        ["run", CLIRun.golden("\(name).json")] + arguments + ["--trace", "-"])
      let fromImage = CLIRun(["run", image] + arguments + ["--trace", "-"])
      #expect(fromProgram.out == fromImage.out, "\(name)")
    }
  }
}
