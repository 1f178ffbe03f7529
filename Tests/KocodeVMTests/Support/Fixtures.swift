import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeVM

/// The greenhouse board, read from the repository's `Boards` folder.
enum Fixtures {
  static let board: BoardDefinition = {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let file = root.appendingPathComponent("Boards/greenhouse-uno/board.json")
    guard let data = FileManager.default.contents(atPath: file.path),
      let board = try? BoardCatalog.decode(data, name: "greenhouse-uno")
    else { fatalError("cannot read \(file.path)") }
    return board
  }()

  static let pump = 0
  static let ledGreen = 1
  static let buzzer = 4
  static let d9 = 5

  /// Assembles a program.
  static func image(_ build: (inout Assembler) -> Void) -> Image {
    var assembler = Assembler()
    build(&assembler)
    return assembler.image()
  }

  /// Runs an image and returns its trace.
  static func trace(
    _ image: Image, environment: (any Environment)? = nil, limitMS: Int64 = 60_000,
    seed: UInt32 = 1
  ) -> [TraceEvent] {
    let machine = Machine(
      image: image, board: board, environment: environment ?? ScriptedEnvironment(),
      seed: seed)
    return machine.trace(limitUS: limitMS * 1000)
  }

  /// Runs an image and returns its trace as JSON lines.
  static func lines(
    _ image: Image, environment: (any Environment)? = nil, limitMS: Int64 = 60_000
  ) -> [String] {
    trace(image, environment: environment, limitMS: limitMS).map(\.jsonLine)
  }

  /// The values logged, in order.
  static func logged(_ events: [TraceEvent], label: String? = nil) -> [Int32] {
    events.compactMap {
      guard case .log(_, let name, .number(let value)) = $0, label == nil || name == label
      else { return nil }
      return value
    }
  }
}

/// An environment whose sensors are functions of board time, and which
/// remembers every output change with its exact time.
final class ScriptedEnvironment: Environment {
  var soil: (Int64) -> Int32 = { _ in 50 }
  var light: (Int64) -> Int32 = { _ in 60 }
  var temperature: (Int64) -> Int32 = { _ in 20 }
  var tankEmpty: (Int64) -> Bool = { _ in false }
  var button: (Int64) -> Bool = { _ in false }
  var analog: (Int, Int64) -> Int32 = { channel, _ in Int32(100 * channel) }
  private(set) var changes: [(index: Int, value: Int32, timeUS: Int64)] = []

  func reading(_ sensor: SensorKind, at timeUS: Int64) -> Int32 {
    switch sensor {
    case .soilMoisture: soil(timeUS)
    case .light: light(timeUS)
    case .temperature: temperature(timeUS)
    case .tankEmpty: tankEmpty(timeUS) ? 1 : 0
    case .button: button(timeUS) ? 1 : 0
    }
  }

  func analogRaw(channel: Int, at timeUS: Int64) -> Int32 { analog(channel, timeUS) }

  func digitalLevel(pin: Int, at timeUS: Int64) -> Bool {
    pin == 2 ? tankEmpty(timeUS) : !button(timeUS)
  }

  func outputChanged(index: Int, value: Int32, at timeUS: Int64) {
    changes.append((index, value, timeUS))
  }
}
