import KocodeBoard
import KocodeBytecode

extension BoardLimits {
  /// What the verifier checks for a board: its limits, outputs and pins.
  public init(_ board: BoardDefinition) {
    self.init(
      boardID: board.id, maxProgramBytes: board.limits.programBytes,
      maxScripts: board.limits.scripts, maxGlobals: board.limits.globals,
      maxTexts: board.limits.texts, stackSlots: board.limits.stackSlots,
      outputCount: board.outputs.count,
      pwmOutputs: Set(board.outputs.indices.filter { board.outputs[$0].pwm == true }),
      analogChannels: Set(board.analogInputs.compactMap { Int($0.dropFirst()) }),
      digitalPins: Set(board.digitalInputs.compactMap { Int($0.dropFirst()) }))
  }
}
