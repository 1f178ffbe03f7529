/// What a board lets an image use. The caller builds it from the board
/// definition, so the bytecode layer does not depend on the board target.
public struct BoardLimits: Sendable, Equatable {
  /// The board id an image must carry in its header.
  public var boardID: Int
  /// Bytes of a board image (14-byte header and code) one program slot holds.
  public var maxProgramBytes: Int
  public var maxScripts: Int
  public var maxGlobals: Int
  public var maxTexts: Int
  /// Stack slots shared by the scripts' tasks.
  public var stackSlots: Int
  /// Outputs of the board definition; an output operand is an index below it.
  public var outputCount: Int
  /// Output indices that can do PWM.
  public var pwmOutputs: Set<Int>
  /// Analog channels the board declares (A0 = 0).
  public var analogChannels: Set<Int>
  /// Digital pin numbers the board declares as inputs (D2 = 2).
  public var digitalPins: Set<Int>

  public init(
    boardID: Int, maxProgramBytes: Int, maxScripts: Int, maxGlobals: Int, maxTexts: Int,
    stackSlots: Int, outputCount: Int, pwmOutputs: Set<Int>, analogChannels: Set<Int>,
    digitalPins: Set<Int>
  ) {
    self.boardID = boardID
    self.maxProgramBytes = maxProgramBytes
    self.maxScripts = maxScripts
    self.maxGlobals = maxGlobals
    self.maxTexts = maxTexts
    self.stackSlots = stackSlots
    self.outputCount = outputCount
    self.pwmOutputs = pwmOutputs
    self.analogChannels = analogChannels
    self.digitalPins = digitalPins
  }
}
