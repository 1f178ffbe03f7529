import Foundation
import Testing

/// The command line of `cli.md`: names, flags, outputs and exit codes.
@Suite struct CommandLineTests {
  let water = CLIRun.golden("water.json")

  @Test func checkJSONIsExactlyTheContractObject() throws {
    let program =
      #"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"hat","inputs":{"DO":"#
      + #"{"block":{"type":"controls_if","id":"if1","inputs":{"IF0":{"block":"#
      + #"{"type":"math_number","id":"n1","fields":{"NUM":3}}}}}}}}]}}"#
    let run = CLIRun(["check", "-", "--json", "--lang", "en"], input: Array(program.utf8))
    #expect(run.code == 65)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    #expect(Array(object.keys) == ["diagnostics"])
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    let mismatch = try #require(diagnostics.first { $0["code"] as? String == "type_mismatch" })
    #expect(mismatch["severity"] as? String == "error")
    #expect(mismatch["block"] as? String == "if1")
    #expect((mismatch["message"] as? String)?.isEmpty == false)
    #expect(run.out.hasSuffix("}\n") && run.out.split(separator: "\n").count == 1)
  }

  @Test func checkOfAGoodProgramExitsZero() {
    let run = CLIRun(["check", water, "--json"])
    #expect(run.code == 0)
    #expect(run.out == "{\"diagnostics\":[]}\n")
  }

  @Test func malformedProgramsGiveLineAndColumn() throws {
    let run = CLIRun(["check", "-", "--json"], input: Array("{\n  \"blocks\": [1,\n".utf8))
    #expect(run.code == 65)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(first["code"] as? String == "malformed_program")
    #expect(first["line"] as? Int == 3)
    #expect(first["column"] != nil)
  }

  @Test func emptyFileIsMalformedAndEmptyObjectIsAProgram() {
    #expect(CLIRun(["check", "-"], input: []).code == 65)
    let empty = CLIRun(["check", "-", "--json"], input: Array("{}".utf8))
    #expect(empty.code == 0)
    #expect(empty.out.contains("nothing_runs"))
  }

  @Test func languageFollowsFlagThenLocale() {
    let program = Array(#"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"h"}]}}"#.utf8)
    let french = CLIRun(["check", "-"], environment: ["LANG": "fr_BE.UTF-8"], input: program)
    #expect(french.out.contains("Aucun problème"))
    let english = CLIRun(
      ["check", "-", "--lang", "en"], environment: ["LANG": "fr_BE.UTF-8"], input: program)
    #expect(english.out.contains("No problems"))
    let messages = CLIRun(
      ["check", "-"], environment: ["LC_ALL": "fr_FR.UTF-8", "LANG": "en_US"], input: program)
    #expect(messages.out.contains("Aucun problème"))
    #expect(CLIRun(["check", "-", "--lang", "de"], input: program).code == 64)
  }

  @Test func runExitCodes() {
    #expect(CLIRun(["run", water, "--for", "1s", "-q"]).code == 0)
    #expect(CLIRun(["run", CLIRun.golden("division_by_zero.json"), "-q"]).code == 1)
    #expect(CLIRun(["run", "/no/such/file.json"]).code == 74)
    #expect(CLIRun(["run", water, "--seed", "0"]).code == 64)
    #expect(CLIRun(["run", water, "--seed", "-3"]).code == 64)
    #expect(CLIRun(["run", water, "--for", "10"]).code == 64)
    #expect(CLIRun(["run", water, "--for", "1.5s"]).code == 64)
    #expect(CLIRun(["run", water, "--set", "soil_moisture=101"]).code == 64)
    #expect(CLIRun(["run", water, "--set", "humidity=3"]).code == 64)
    #expect(CLIRun(["run", water, "--set", "soil_moisture=20", "--set", "a0=300"]).code == 64)
    #expect(CLIRun(["run", water, "--vm", "rust"]).code == 64)
    #expect(CLIRun(["run", water, "--bogus"]).code == 64)
    #expect(CLIRun(["run"]).code == 64)
    #expect(CLIRun(["launch"]).code == 64)
  }

  @Test func durationsHaveUnits() {
    for duration in ["500ms", "20s", "5m", "2h"] {
      #expect(CLIRun(["run", water, "--for", duration, "-q"]).code == 0, "\(duration)")
    }
    let run = CLIRun(["run", water, "--for", "500ms", "--trace", "-"])
    #expect(run.jsonLines.last?["t"] as? Int == 500)
    #expect(run.jsonLines.last?["reason"] as? String == "time_limit")
  }

  @Test func traceToStandardOutputCarriesOnlyTheTrace() {
    let run = CLIRun(["run", water, "--set", "soil_moisture=20", "--for", "10s", "--trace", "-"])
    #expect(run.code == 0)
    #expect(run.jsonLines.count == run.out.split(separator: "\n").count)
    #expect(run.jsonLines.first?["type"] as? String == "start")
  }

  @Test func traceToAFileKeepsTheTimelineOnOutput() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-trace-\(UUID().uuidString).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = CLIRun(["run", water, "--trace", path, "--for", "10s", "--lang", "en"])
    #expect(run.code == 0)
    #expect(run.out.contains("pump on"))
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.first == #"{"t":0,"type":"start","scripts":1}"#)
  }

  @Test func buildWritesAVerifiableImageAndDisasmReadsIt() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-\(UUID().uuidString).kbc").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let build = CLIRun(["build", water, "-o", path, "--listing"])
    #expect(build.code == 0)
    #expect(build.out.contains("PULSE_S"))
    let disasm = CLIRun(["disasm", path])
    #expect(disasm.code == 0)
    #expect(disasm.out.contains("PULSE_END"))
    #expect(disasm.out.contains("; block water"))
  }

  @Test func corruptImagesAreRefused() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-\(UUID().uuidString).kbc").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(CLIRun(["build", water, "-o", path, "-q"]).code == 0)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[16] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: path))
    let disasm = CLIRun(["disasm", path])
    #expect(disasm.code == 65)
    #expect(disasm.error.contains("CRC"))
    #expect(CLIRun(["run", path]).code == 65)
    try Data([0x4B, 0x43, 1]).write(to: URL(fileURLWithPath: path))
    #expect(CLIRun(["disasm", path]).code == 65)
    try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
    #expect(CLIRun(["disasm", path]).code == 65)
  }

  @Test func buildFromStandardInputNeedsAnOutput() {
    let program = Array(#"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"h"}]}}"#.utf8)
    #expect(CLIRun(["build", "-"], input: program).code == 64)
  }

  @Test func everyCommandHasHelp() {
    for command in ["check", "build", "disasm", "run", "boards"] {
      for language in ["fr", "en"] {
        let run = CLIRun([command, "--help", "--lang", language])
        #expect(run.code == 0)
        #expect(run.out.contains("kocode \(command)"), "\(command) \(language)")
      }
    }
    #expect(CLIRun(["--help"]).out.contains("Commands:"))
    #expect(CLIRun(["--help", "--lang", "fr"]).out.contains("Commandes :"))
    #expect(CLIRun([]).code == 64)
  }

  @Test func unknownBoardIsAUsageError() {
    let run = CLIRun(["check", water, "--board", "greenhouse-zx81"])
    #expect(run.code == 64)
    #expect(run.error.contains("greenhouse-uno"))
  }
}
