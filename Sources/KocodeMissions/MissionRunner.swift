import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeSupport
import KocodeVM

/// A program's run in a mission's greenhouse, recorded for the criteria.
public struct MissionRun {
  public let mission: Mission
  public let board: BoardDefinition
  public let recorder: Recorder
  public let endReason: EndReason
  /// Instructions the VM executed.
  public let instructionCount: Int

  /// Every trace event of the run.
  public var events: [TraceEvent] { recorder.events }
  /// The board time the criteria look at: the mission's whole duration.
  public var durationUS: Int64 { mission.durationUS }
  /// The greenhouse at the end of the mission's duration.
  public var finalState: GreenhouseState { recorder.greenhouse.state(at: durationUS) }
}

/// Runs programs in a mission's greenhouse and judges them.
public enum MissionRunner {
  /// Runs an image for the mission's duration in its greenhouse, handing
  /// every trace event to `emit` as it happens. A program that ends early
  /// leaves the greenhouse to itself (pump off) until the duration is up.
  public static func run(
    _ mission: Mission, image: Image, board: BoardDefinition, seed: UInt32 = 1,
    emit: (TraceEvent) -> Void = { _ in }
  ) throws(MissionError) -> MissionRun {
    let overrides = try mission.overrides(on: board)
    let greenhouse = Greenhouse(board: board, overrides: overrides, model: mission.model)
    let recorder = Recorder(greenhouse: greenhouse)
    let machine = Machine(image: image, board: board, environment: greenhouse, seed: seed)
    let reason = machine.run(limitUS: mission.durationUS) { event in
      recorder.record(event)
      emit(event)
    }
    recorder.extend(to: mission.durationUS)
    return MissionRun(
      mission: mission, board: board, recorder: recorder, endReason: reason,
      instructionCount: machine.instructionCount)
  }

  /// Compiles a program, runs it and judges it: the verdict, or the
  /// compilation when the program has errors.
  public static func check(
    _ mission: Mission, program: [UInt8], board: BoardDefinition
  ) throws(MissionError) -> (compilation: Compilation, verdict: MissionVerdict?) {
    let compilation = Compiler.compile(program, board: board)
    guard let image = compilation.image else { return (compilation, nil) }
    let run = try run(mission, image: image, board: board)
    return (compilation, Judge.verdict(of: run))
  }
}
