import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeRandomPrograms

/// The programs run on the firmware and on the reference VM: every
/// mission solution, every golden program, and a few random programs.
struct ProgramCase: Sendable, CustomStringConvertible {
  var name: String
  var image: Image
  var sensors: FixedSensors
  var seconds: Double

  var description: String { name }
}

enum ProgramCorpus {
  static let board = Fixtures.uno
  static let limits = BoardLimits(board)
  static let golden = Fixtures.root.appendingPathComponent("Tests/KocodeCLITests/Golden")
  static let missions = Fixtures.root.appendingPathComponent("Missions")

  static let cases: [ProgramCase] = goldenCases() + missionCases() + randomCases(count: 4)

  static func compile(_ file: URL, for target: BoardDefinition = board) -> Image? {
    guard let bytes = FileManager.default.contents(atPath: file.path) else { return nil }
    return Compiler.compile(Array(bytes), board: target).image
  }

  /// A few of the same programs compiled for the Mega.
  static let megaCases: [ProgramCase] = [
    ("golden", "stop_all"), ("golden", "scripts"), ("mission", "water-when-dry"),
  ].compactMap { kind, name in
    let file =
      kind == "golden"
      ? golden.appendingPathComponent("\(name).json")
      : missions.appendingPathComponent(name).appendingPathComponent("solution.json")
    guard let image = compile(file, for: Fixtures.mega) else { return nil }
    let sensors = FixedSensors.values(on: Fixtures.mega, soil: 20, light: 60)
    return ProgramCase(name: "\(kind) \(name)", image: image, sensors: sensors, seconds: 6)
  }

  /// The golden programs with the sensors and duration of their `.args`
  /// (`--set NAME=VALUE`, `--for 10s`); the seed is always 1.
  static func goldenCases() -> [ProgramCase] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { file in
      let name = String(file.dropLast(5))
      guard let image = compile(golden.appendingPathComponent(file)) else { return nil }
      let args =
        (try? String(
          contentsOf: golden.appendingPathComponent("\(name).args"), encoding: .utf8)) ?? ""
      var values: [String: Int] = [:]
      var seconds = 10.0
      let words = args.split(whereSeparator: \.isWhitespace).map(String.init)
      for (index, word) in words.enumerated() where index + 1 < words.count {
        let next = words[index + 1]
        if word == "--set", let equals = next.firstIndex(of: "="),
          let value = Int(next[next.index(after: equals)...])
        {
          values[String(next[..<equals])] = value
        } else if word == "--for", next.hasSuffix("s"), let number = Double(next.dropLast()) {
          seconds = number
        }
      }
      let sensors = FixedSensors.values(
        on: board, soil: values["soil_moisture"] ?? 50, light: values["light"] ?? 50,
        temperature: values["temperature"] ?? 20, tankEmpty: values["tank_empty"] == 1,
        button: values["button"] == 1)
      return ProgramCase(
        name: "golden \(name)", image: image, sensors: sensors, seconds: seconds)
    }
  }

  /// Mission solutions in a dry, sunny greenhouse with a full tank; the
  /// missions about the tank, the night and the button get theirs.
  static func missionCases() -> [ProgramCase] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: missions.path)) ?? []
    return names.sorted().compactMap { name in
      let file = missions.appendingPathComponent(name).appendingPathComponent("solution.json")
      guard let image = compile(file) else { return nil }
      let sensors = FixedSensors.values(
        on: board, soil: 20, light: 60, temperature: 22,
        tankEmpty: name == "empty-tank", button: name == "button-and-auto")
      return ProgramCase(name: "mission \(name)", image: image, sensors: sensors, seconds: 20)
    }
  }

  /// Random programs that compile, switch outputs at least twice in their
  /// 3 s, and write no PWM duty cycle (its edges are not compared).
  static func randomCases(count: Int) -> [ProgramCase] {
    var generator = RandomProgramGenerator(seed: 0x4B46_5700)
    var cases: [ProgramCase] = []
    while cases.count < count {
      let program = generator.next()
      guard let image = Compiler.compile(Array(program.json.utf8), board: board).image
      else { continue }
      let sensors = FixedSensors.values(on: board, soil: 25 + cases.count * 10)
      let reference = ReferenceRun(
        image: image, board: board, sensors: sensors, limitUS: 5_000_000, seed: 1)
      guard let expected = PinComparison.expected(reference.changes, board: board),
        expected.filter({ $0.timeUS < 3_000_000 }).count >= 2
      else { continue }
      cases.append(
        ProgramCase(
          name: "random \(program.seed)", image: image, sensors: sensors, seconds: 3))
    }
    return cases
  }
}
