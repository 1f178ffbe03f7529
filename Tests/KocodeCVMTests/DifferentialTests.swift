import Foundation
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeRandomPrograms
import KocodeVM
import Testing

/// Random well-typed programs, compiled for the Uno, run on both VMs with
/// the same greenhouse and seed: the same trace, the same instruction
/// count, the same end time and outputs.
@Suite struct DifferentialTests {
  /// `KOCODE_DIFF_PROGRAMS`, 10,000 by default.
  static let count =
    Int(ProcessInfo.processInfo.environment["KOCODE_DIFF_PROGRAMS"] ?? "") ?? 10_000
  /// Simulated time per program.
  static let limitUS: Int64 = 3_000_000
  /// The stream is cut into this many parts, each with its own generator,
  /// whatever the number of cores: the programs do not depend on it.
  static let parts = 8

  /// The sensors of program `index`: the default greenhouse, or one with
  /// an empty tank, dry or wet soil, a pressed button.
  static func overrides(_ index: Int) -> SensorOverrides {
    var overrides = SensorOverrides()
    let board = Fixtures.board
    switch index % 5 {
    case 1: try? overrides.set("tank_empty", to: 1, board: board)
    case 2: try? overrides.set("soil_moisture", to: 10, board: board)
    case 3: try? overrides.set("button", to: 1, board: board)
    case 4:
      try? overrides.set("soil_moisture", to: 90, board: board)
      try? overrides.set("temperature", to: 35, board: board)
    default: break
    }
    return overrides
  }

  struct Outcome: Sendable {
    var ran = 0
    var errors = 0
    var instructions = 0
    var mismatches: [String] = []
  }

  /// Part `part` of the stream: its programs compiled and run twice.
  static func check(part: Int, programs: Int) -> Outcome {
    var generator = RandomProgramGenerator(seed: 0x4356_4D00 &+ UInt64(part))
    var outcome = Outcome()
    for local in 0..<programs {
      let program = generator.next()
      let index = local * parts + part
      guard
        let image = Compiler.compile(Array(program.json.utf8), board: Fixtures.board).image
      else { continue }
      let overrides = Self.overrides(index)
      let seed = UInt32(truncatingIfNeeded: index &* 2_654_435_761 &+ 1)
      let reference = Fixtures.swiftRun(image, overrides: overrides, limitUS: limitUS, seed: seed)
      let c = Fixtures.cRun(image, overrides: overrides, limitUS: limitUS, seed: seed)
      outcome.ran += 1
      outcome.instructions += c.instructions
      if reference.reason == .error { outcome.errors += 1 }
      if c != reference, outcome.mismatches.count < 3 {
        outcome.mismatches.append(
          "program seed \(program.seed), seed \(seed), overrides \(index % 5)\n"
            + "C:\n\(c)\nSwift:\n\(reference)")
      }
    }
    return outcome
  }

  @Test func randomProgramsRunTheSameOnBothVMs() async {
    let start = ContinuousClock.now
    let total = await withTaskGroup(of: Outcome.self) { group in
      for part in 0..<Self.parts {
        let programs = Self.count / Self.parts + (part < Self.count % Self.parts ? 1 : 0)
        group.addTask { Self.check(part: part, programs: programs) }
      }
      var total = Outcome()
      for await outcome in group {
        total.ran += outcome.ran
        total.errors += outcome.errors
        total.instructions += outcome.instructions
        total.mismatches += outcome.mismatches
      }
      return total
    }
    print(
      "differential: \(Self.count) programs, \(total.ran) compiled and ran on both VMs "
        + "(\(total.errors) ended on a runtime error, \(total.instructions) C instructions) "
        + "in \(Fixtures.seconds(since: start))")
    #expect(total.ran * 10 >= Self.count * 8)
    for mismatch in total.mismatches.prefix(5) { Issue.record(Comment(rawValue: mismatch)) }
  }
}
