import KocodeBoard
import KocodeBytecode

/// How fast the reference VM runs, for `make bench`: a busy script mixing
/// globals, locals, arithmetic, a procedure call and a loop that gives way.
public enum VMBenchmark {
  /// One measurement.
  public struct Measurement: Sendable {
    public var instructions: Int
    public var seconds: Double
    public var instructionsPerSecond: Double { seconds > 0 ? Double(instructions) / seconds : 0 }
  }

  /// The benchmark program: a procedure `sum(a, b)` and one script that
  /// loops for ever, 21 instructions a turn:
  ///
  ///     top: g0 = (g0 × 3 + 7) % 1000; l0 += 1; g1 = sum(g0, 2); LOOP top
  public static func image() -> Image {
    let code: [UInt8] = [
      // sum: FUNCTION params 2, locals 0, need 5, kind 1
      0x00, 2, 0, 5, 1,
      0x09, 0, 0x09, 1, 0x10, 0x42,
      // the script: FUNCTION params 0, locals 1, need 7, kind 2
      0x00, 0, 1, 7, 2,
      0x06, 0, 0x03, 3, 0x12, 0x03, 7, 0x10, 0x04, 0xE8, 0x03, 0x14, 0x07, 0,
      0x09, 0, 0x02, 0x10, 0x0A, 0,
      0x06, 0, 0x03, 2, 0x40, 0, 0, 0x07, 1,
      // LOOP back to offset 16 from the end of the instruction at 47
      0x36, 31,
    ]
    return Image(
      boardID: 1, scriptCount: 1, globalCount: 2, functionCount: 2, code: code,
      host: HostSection(globalNames: ["g0", "g1"], functionNames: ["sum", "kocode_on_start"]))
  }

  /// Runs the benchmark program for about `instructions` instructions on a
  /// fresh machine and measures the wall-clock time.
  public static func measure(board: BoardDefinition, instructions: Int = 50_000_000)
    -> Measurement
  {
    let machine = Machine(
      image: image(), board: board, environment: SimpleGreenhouse(board: board), seed: 1)
    let limit = Int64(instructions) * Int64(VMConstant.instructionCostUs)
    let elapsed = ContinuousClock().measure {
      machine.run(limitUS: limit) { _ in }
    }
    let parts = elapsed.components
    let seconds = Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    return Measurement(instructions: machine.instructionCount, seconds: seconds)
  }

  /// Instructions per second of the reference VM on this computer.
  public static func instructionsPerSecond(board: BoardDefinition, instructions: Int = 50_000_000)
    -> Double
  {
    measure(board: board, instructions: instructions).instructionsPerSecond
  }
}
