import Foundation
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeVM
import Testing

/// The golden programs of the command line's tests run on the C VM: the
/// trace beside each program, line for line, and the reference VM's.
@Suite struct GoldenTraceTests {
  static let folder = Fixtures.root.appendingPathComponent("Tests/KocodeCLITests/Golden")

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }()

  /// The options of a golden program's `.args` file, as `kocode run` reads them.
  struct RunArguments {
    var overrides = SensorOverrides()
    var limitUS: Int64 = 60_000_000
    var seed: UInt32 = 1

    init(_ text: String) throws {
      let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
      var index = 0
      while index + 1 < words.count {
        let value = words[index + 1]
        switch words[index] {
        case "--set":
          let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
          try overrides.set(parts[0], to: Int(parts[1])!, board: Fixtures.board)
        case "--for":
          limitUS = Self.duration(value)
        case "--seed":
          seed = UInt32(value)!
        default:
          Issue.record("unknown option \(words[index])")
        }
        index += 2
      }
    }

    /// `500ms`, `20s`, `5m`, `2h` in microseconds.
    static func duration(_ text: String) -> Int64 {
      for (suffix, scale) in [("ms", 1000), ("s", 1_000_000), ("m", 60_000_000)]
        as [(String, Int64)]
      where text.hasSuffix(suffix) {
        if let value = Int64(text.dropLast(suffix.count)) { return value * scale }
      }
      if text.hasSuffix("h"), let value = Int64(text.dropLast()) { return value * 3_600_000_000 }
      Issue.record("bad duration \(text)")
      return 0
    }
  }

  @Test func thereAreGoldenPrograms() {
    #expect(Self.names.count >= 9)
  }

  @Test(arguments: names)
  func traceMatches(_ name: String) throws {
    let source = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).json"))
    let argumentsFile = Self.folder.appendingPathComponent("\(name).args")
    let arguments = try RunArguments(
      (try? String(contentsOf: argumentsFile, encoding: .utf8)) ?? "")
    let expected = try String(
      contentsOf: Self.folder.appendingPathComponent("\(name).trace.jsonl"), encoding: .utf8
    ).split(separator: "\n").map(String.init)
    let image = try #require(Compiler.compile(Array(source), board: Fixtures.board).image)

    let reference = Fixtures.swiftRun(
      image, overrides: arguments.overrides, limitUS: arguments.limitUS, seed: arguments.seed)
    let c = Fixtures.cRun(
      image, overrides: arguments.overrides, limitUS: arguments.limitUS, seed: arguments.seed)
    #expect(c == reference, "\(name)\nC:\n\(c)\nSwift:\n\(reference)")
    #expect(Self.parsed(c.lines) == Self.parsed(expected), "\(name): \(c.lines)")
  }

  /// JSON lines as objects, so that key order and spacing do not matter.
  static func parsed(_ lines: [String]) -> [NSDictionary] {
    lines.compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? NSDictionary
    }
  }
}
