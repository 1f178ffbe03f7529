import KocodeBlocks
import KocodeBoard
import KocodeBytecode

/// Generates one function: a procedure body or a script with its hat.
struct FunctionGenerator {
  typealias Label = FunctionAssembler.Label

  /// Where `break` and `continue` go in the innermost loop.
  struct LoopLabels {
    var exit: Label
    var next: Label
  }

  let generator: CodeGenerator
  var state: ImageState
  let parameters: Int
  let kind: Int
  var code = FunctionAssembler(frameSize: 0)
  var loops: [LoopLabels] = []
  /// Hidden local slots in use, and the most ever used at once.
  var localsInUse = 0
  var localsMax = 0
  var program: CheckedProgram { generator.program }
  var board: BoardDefinition { generator.board }

  init(generator: CodeGenerator, state: ImageState, parameters: Int, kind: Int) {
    self.generator = generator
    self.state = state
    self.parameters = parameters
    self.kind = kind
  }

  mutating func emit(
    _ opcode: Opcode, _ operands: [FunctionAssembler.Operand] = [], block: Block
  ) {
    code.emit(opcode, operands, block: block.id)
  }

  mutating func emit(_ opcode: Opcode, _ operand: Int, block: Block) {
    code.emit(opcode, [.value(operand)], block: block.id)
  }

  mutating func jump(_ opcode: Opcode, to label: Label, block: Block) {
    code.emit(opcode, [.label(label)], block: block.id)
  }

  /// Reserves `count` hidden local slots for a loop; returns the first slot.
  mutating func allocateLocals(_ count: Int) -> Int {
    let first = parameters + localsInUse
    localsInUse += count
    localsMax = max(localsMax, localsInUse)
    return first
  }

  mutating func releaseLocals(_ count: Int) {
    localsInUse -= count
  }

  /// Lays out the function: its header, then the body, and adds both to the
  /// image state.
  mutating func finish(name: String) -> ImageState {
    let frame = parameters + localsMax + 1
    // The body was assembled with no frame; the frame adds the same to every point.
    let need = code.need + frame
    let offset = state.code.count
    let headerBytes: [UInt8] = [
      Opcode.function.rawValue, UInt8(truncatingIfNeeded: parameters),
      UInt8(truncatingIfNeeded: localsMax), UInt8(truncatingIfNeeded: need),
      UInt8(truncatingIfNeeded: kind),
    ]
    let (bytes, marks) = code.assemble(base: offset + headerBytes.count)
    state.code += headerBytes + bytes
    if let first = marks.first { state.mark(offset: offset, block: first.block) }
    for mark in marks { state.mark(offset: mark.offset, block: mark.block) }
    state.functionNames.append(name)
    state.needs.append(need)
    if kind == 2 {
      state.scriptNeeds.append(need)
    } else {
      state.procedureOffsets.append(offset)
    }
    if need > (state.needs.dropLast().max() ?? 0) { state.deepestBlock = marks.first?.block }
    return state
  }
}
