import Foundation
import KocodeBoard
import KocodeSupport
import Testing

@testable import KocodeCompiler

/// The definitions in a real Blockly: each block as Blockly builds it has
/// the catalogue's fields, options and inputs; the toolbox's blocks load;
/// every mission program, loaded into a headless workspace and saved
/// again, compiles to the same image. Needs node and Blockly
/// (`BlocklyBuild`); without them the test says why and is skipped.
@Suite struct BlocklyRoundTripTests {
  static let script = TestBoards.root.appendingPathComponent("Tests/Blockly/roundtrip.js")

  /// Every mission's solution and starter, by path from the project.
  static func missionPrograms() throws -> [String: Any] {
    let missions = TestBoards.root.appendingPathComponent("Missions")
    var programs: [String: Any] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: missions.path) {
      for file in ["solution.json", "starter.json"] {
        let url = missions.appendingPathComponent(name).appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url) else { continue }
        programs["Missions/\(name)/\(file)"] = try JSONSerialization.jsonObject(with: data)
      }
    }
    return programs
  }

  /// Skips the test, saying why, when this machine has no node or no
  /// Blockly build can be had.
  static func skipWithoutBlockly() throws {
    guard case .failure(let unavailable) = BlocklyBuild.located else { return }
    print("BlocklyRoundTripTests skipped: \(unavailable.reason)")
    try Test.cancel("skipped, no real Blockly on this machine: \(unavailable.reason)")
  }

  /// What roundtrip.js answers for the definitions in `language`.
  static func blockly(_ language: Language) throws -> [String: Any] {
    let folder = try BlocklyBuild.located.get()
    let definitions = BlocklyDefinitions.json(language: language, board: TestBoards.uno)
    let toolbox = BlocklyToolbox.json(language: language, board: TestBoards.uno)
    let job: [String: Any] = [
      "blockly": folder.path,
      "definitions": try JSONSerialization.jsonObject(with: Data(definitions.utf8)),
      "toolbox": try JSONSerialization.jsonObject(with: Data(toolbox.utf8)),
      "types": BlockCatalog.all.map(\.type),
      "programs": try missionPrograms(),
    ]
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-blockly-job-\(language.rawValue)-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: job).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = BlocklyBuild.run(["node", script.path, file.path], seconds: 120)
    try #require(run.status == 0, "roundtrip.js failed: \(run.error)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
  }

  @Test func blocklyBuildsEachBlockAsTheCatalogueSays() throws {
    try Self.skipWithoutBlockly()
    for language in [Language.fr, .en] {
      try Self.expectShapes(try Self.blockly(language))
    }
  }

  static func expectShapes(_ result: [String: Any]) throws {
    #expect((result["version"] as? String)?.hasPrefix("11.") == true)
    let blocks = try #require(result["blocks"] as? [String: Any])
    for spec in BlockCatalog.all {
      guard let shape = blocks[spec.type] as? [String: Any] else {
        Issue.record("Blockly has no block \(spec.type)")
        continue
      }
      let fields = try #require(shape["fields"] as? [String: Any])
      #expect(Set(fields.keys) == Set(spec.fields.map(\.name)), "\(spec.type)")
      for field in spec.fields {
        let options = fields[field.name] as? [String]
        switch field.kind {
        case .options(let choices, let unsupported):
          let expected = choices.map(\.value) + (spec.editor == nil ? unsupported : [])
          #expect(Set(options ?? []) == Set(expected), "\(spec.type).\(field.name)")
        case .board(let choice):
          #expect(options == choice.options(on: TestBoards.uno), "\(spec.type).\(field.name)")
        default:
          #expect(options == nil, "\(spec.type).\(field.name) is a dropdown in Blockly")
        }
      }
      let inputs = try #require(shape["inputs"] as? [[String: Any]])
      let names = inputs.compactMap { $0["name"] as? String }
      if spec.mutator == nil {
        #expect(names == spec.inputs.map(\.name), "\(spec.type)")
      } else {
        #expect(Set(names).isSubset(of: spec.inputs.map(\.name)), "\(spec.type): \(names)")
      }
      #expect(shape["previous"] as? Bool == (spec.shape == .statement), "\(spec.type)")
      let next = try #require(shape["next"] as? Bool)
      if spec.editor != nil {
        #expect(next == (spec.shape == .statement && spec.allowsNext), "\(spec.type)")
        try Self.expectChecks(inputs, shape["output"], spec)
      } else {
        // Blockly lets nothing follow a break or continue, which the
        // checker tolerates in hand-made files: Blockly may be stricter.
        #expect(!next || spec.allowsNext, "\(spec.type)")
      }
    }
  }

  /// For Kocode's blocks, Blockly's connection checks are the catalogue's
  /// types.
  static func expectChecks(_ inputs: [[String: Any]], _ output: Any?, _ spec: BlockSpec) throws {
    for input in inputs {
      let name = try #require(input["name"] as? String)
      let accepts = try #require(spec.input(name)).accepts
      let check = input["check"] as? [String]
      #expect(check == (accepts.isEmpty ? nil : accepts.map(BlocklyDefinitions.check)))
    }
    if case .fixed(let type)? = spec.output {
      #expect(output as? [String] == [BlocklyDefinitions.check(type)], "\(spec.type)")
    }
  }

  @Test func everyMissionProgramRoundTripsToTheSameImage() throws {
    try Self.skipWithoutBlockly()
    for language in [Language.fr, .en] {
      try Self.expectRoundTrips(try Self.blockly(language))
    }
  }

  static func expectRoundTrips(_ result: [String: Any]) throws {
    #expect((result["toolbox"] as? [String]) == [], "toolbox blocks Blockly refused")
    let saved = try #require(result["programs"] as? [String: Any])
    let programs = try Self.missionPrograms()
    #expect(programs.count >= 18)
    #expect(Set(saved.keys) == Set(programs.keys))
    for (name, original) in programs {
      let back = try #require(saved[name] as? [String: Any], "\(name)")
      #expect(back["error"] == nil, "Blockly refused \(name): \(back["error"] ?? "")")
      let before = Compiler.compile(
        Array(try JSONSerialization.data(withJSONObject: original)), board: TestBoards.uno)
      let after = Compiler.compile(
        Array(try JSONSerialization.data(withJSONObject: back)), board: TestBoards.uno)
      #expect(before.image != nil || name.hasSuffix("starter.json"), "\(name) does not compile")
      #expect(after.image?.fileBytes == before.image?.fileBytes, "\(name)")
      #expect(
        after.diagnostics.map { "\($0.code) \($0.block ?? "")" }
          == before.diagnostics.map { "\($0.code) \($0.block ?? "")" }, "\(name)")
    }
  }
}
