import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeSupport

/// Turns a checked program into a bytecode image (`docs/bytecode.md`).
///
/// Procedures come first, callees before callers, then the scripts in
/// script order. Statements leave the operand stack empty, so every
/// statement starts at height 0 and loop counters live in hidden locals.
public struct CodeGenerator {
  let program: CheckedProgram
  let board: BoardDefinition

  public init(program: CheckedProgram, board: BoardDefinition) {
    self.program = program
    self.board = board
  }

  /// What the code generator found wrong: the image would not fit the board.
  public struct Failure: Error, Sendable {
    public var diagnostics: [Diagnostic]
  }

  public func generate() throws(Failure) -> Image {
    var state = ImageState()
    for procedure in program.procedures {
      let block = procedure.block
      let kind = procedure.returnType == nil ? 0 : 1
      var function = FunctionGenerator(
        generator: self, state: state, parameters: procedure.parameters.count, kind: kind)
      function.statements(block.statements("STACK"))
      if let value = block.value("RETURN") {
        function.value(value)
        function.emit(.retV, block: block)
      } else {
        function.emit(.ret, block: block)
      }
      state = function.finish(name: procedure.name)
    }
    for script in program.scripts {
      var function = FunctionGenerator(generator: self, state: state, parameters: 0, kind: 2)
      function.script(script)
      state = function.finish(name: script.type)
    }
    return try image(from: state)
  }

  private func image(from state: ImageState) throws(Failure) -> Image {
    let host = HostSection(
      texts: state.texts, blockIDs: state.blockIDs, debugMap: state.debugMap,
      globalNames: program.globals.map(\.name), functionNames: state.functionNames)
    let image = Image(
      boardID: UInt8(truncatingIfNeeded: board.id),
      scriptCount: UInt8(truncatingIfNeeded: program.scripts.count),
      globalCount: UInt8(truncatingIfNeeded: program.globals.count),
      functionCount: UInt8(truncatingIfNeeded: state.functionNames.count),
      code: state.code, host: host)
    try checkLimits(image, state: state)
    return image
  }

  private func checkLimits(_ image: Image, state: ImageState) throws(Failure) {
    var problems: [Diagnostic] = []
    let size = image.boardBytes.count
    let scriptNeed = state.scriptNeeds.reduce(0, +)
    if size > board.limits.programBytes || size > Int(UInt16.max) {
      problems.append(
        Diagnostic(
          .error, "program_too_large", block: program.scripts.first?.id,
          message: Messages.programTooLarge(
            bytesUsed: size, bytesAvailable: board.limits.programBytes)))
    }
    if scriptNeed > board.limits.stackSlots || state.needs.contains(where: { $0 > 255 }) {
      problems.append(
        Diagnostic(
          .error, "program_too_deep", block: state.deepestBlock,
          message: Messages.programTooDeep(slots: scriptNeed, limit: board.limits.stackSlots)))
    }
    if state.texts.count > min(board.limits.texts, 255) {
      problems.append(
        Diagnostic(
          .error, "too_many_texts", block: nil,
          message: Messages.tooManyTexts(count: state.texts.count, limit: board.limits.texts)))
    }
    if !problems.isEmpty { throw Failure(diagnostics: problems) }
  }
}

/// What the functions generated so far have added to the image.
struct ImageState {
  var code: [UInt8] = []
  var texts: [String] = []
  var blockIDs: [String] = []
  var blockIndex: [String: Int] = [:]
  var debugMap: [HostSection.DebugEntry] = []
  var functionNames: [String] = []
  /// The code offset of each procedure's header, by procedure index.
  var procedureOffsets: [Int] = []
  /// Each function's declared need, in code order.
  var needs: [Int] = []
  var scriptNeeds: [Int] = []
  var deepestBlock: String?

  mutating func text(_ value: String) -> Int {
    if let index = texts.firstIndex(of: value) { return index }
    texts.append(value)
    return texts.count - 1
  }

  mutating func mark(offset: Int, block: String) {
    let index: Int
    if let known = blockIndex[block] {
      index = known
    } else {
      index = blockIDs.count
      blockIDs.append(block)
      blockIndex[block] = index
    }
    if let last = debugMap.last, Int(last.block) == index { return }
    debugMap.append(
      HostSection.DebugEntry(
        offset: UInt16(truncatingIfNeeded: offset), block: UInt16(truncatingIfNeeded: index)))
  }
}
