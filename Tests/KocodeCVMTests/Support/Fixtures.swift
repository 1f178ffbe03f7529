import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeVM

/// The repository, its Uno board and the runs both VMs share.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let board: BoardDefinition = {
    let file = root.appendingPathComponent("Boards/greenhouse-uno/board.json")
    guard let data = FileManager.default.contents(atPath: file.path),
      let board = try? BoardCatalog.decode(data, name: "greenhouse-uno")
    else { fatalError("cannot read \(file.path)") }
    return board
  }()

  /// What the Swift verifier checks on the Uno.
  static let limits = BoardLimits(board)

  /// One run: the trace, then what the machine says after it.
  struct Run: Equatable, CustomStringConvertible {
    var lines: [String]
    var reason: EndReason
    var instructions: Int
    var timeUS: Int64
    var outputs: [Int32]

    var description: String {
      (lines + ["\(reason) after \(instructions) instructions at \(timeUS) µs, \(outputs)"])
        .joined(separator: "\n")
    }
  }

  /// Runs `image` on the reference VM.
  static func swiftRun(
    _ image: Image, overrides: SensorOverrides = SensorOverrides(), limitUS: Int64,
    seed: UInt32 = 1
  ) -> Run {
    let machine = Machine(
      image: image, board: board,
      environment: SimpleGreenhouse(board: board, overrides: overrides), seed: seed)
    var lines: [String] = []
    let reason = machine.run(limitUS: limitUS) { lines.append($0.jsonLine) }
    return Run(
      lines: lines, reason: reason, instructions: machine.instructionCount,
      timeUS: machine.timeUS, outputs: machine.outputValues)
  }

  /// Runs `image` on the C VM.
  static func cRun(
    _ image: Image, overrides: SensorOverrides = SensorOverrides(), limitUS: Int64,
    seed: UInt32 = 1
  ) -> Run {
    let machine = CMachine(
      image: image, board: board,
      environment: SimpleGreenhouse(board: board, overrides: overrides), seed: seed)
    var lines: [String] = []
    let reason = machine.run(limitUS: limitUS) { lines.append($0.jsonLine) }
    return Run(
      lines: lines, reason: reason, instructions: machine.instructionCount,
      timeUS: machine.timeUS, outputs: machine.outputValues)
  }

  /// The seconds since `start`, to report how long a piece of work took.
  static func seconds(since start: ContinuousClock.Instant) -> String {
    let elapsed = ContinuousClock.now - start
    let value =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return String(format: "%.2f s", value)
  }
}
