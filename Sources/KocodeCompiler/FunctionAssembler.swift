import KocodeBytecode

/// Builds one function's code: instructions with symbolic jump labels,
/// the stack height at every point, and the block each instruction comes
/// from. Jumps start short and grow to their 16-bit forms only when their
/// distance needs it.
struct FunctionAssembler {
  /// A place in the code that jumps name before or after it is bound.
  struct Label: Hashable {
    fileprivate let id: Int
  }

  enum Operand {
    case value(Int)
    case label(Label)
    /// The code offset of an earlier function's header, known at link time.
    case function(offset: Int)
  }

  struct Item {
    var opcode: Opcode
    var operands: [Operand]
    var block: String
    /// For labels: the index of the item the label stands before.
    var wide = false
  }

  private(set) var items: [Item] = []
  private var labelCount = 0
  private var labelItems: [Int: Int] = [:]
  private var labelHeights: [Int: Int] = [:]

  /// Operand values on the stack at this point; nil after an instruction
  /// that never falls through, until a label is bound.
  private(set) var height: Int? = 0
  /// The most stack slots this function needs, frame included.
  private(set) var need: Int
  let frameSize: Int

  /// `frameSize` is parameters + locals + the return link slot.
  init(frameSize: Int) {
    self.frameSize = frameSize
    self.need = frameSize
  }

  mutating func makeLabel() -> Label {
    labelCount += 1
    return Label(id: labelCount)
  }

  /// Binds a label here. Code after a never-falling-through instruction
  /// takes the height the jumps to this label carry; with no jump to it,
  /// the place stays unreachable.
  mutating func bind(_ label: Label) {
    labelItems[label.id] = items.count
    if height == nil { height = labelHeights[label.id] }
    if let height { labelHeights[label.id] = height }
  }

  /// Emits an instruction; `callee` gives a CALL's parameters, whether it
  /// returns a value and its need.
  mutating func emit(
    _ opcode: Opcode, _ operands: [Operand] = [], block: String,
    callee: (params: Int, returns: Bool, need: Int)? = nil
  ) {
    let info = opcode.info
    var current = height ?? 0
    let pops = info.pops ?? callee?.params ?? 0
    let pushes = info.pushes ?? (callee?.returns == true ? 1 : 0)
    if let callee {
      need = max(need, frameSize + current - callee.params + callee.need)
    }
    if let taken = info.taken {
      for case .label(let label) in operands {
        labelHeights[label.id] = labelHeights[label.id] ?? (current - taken)
      }
    }
    current = current - pops + pushes
    need = max(need, frameSize + current)
    height = info.ends ? nil : current
    items.append(Item(opcode: opcode, operands: operands, block: block))
  }

  /// Chooses short or wide jumps and returns the code with, for every
  /// instruction, its offset (relative to `base`) and block id.
  mutating func assemble(base: Int) -> (code: [UInt8], marks: [(offset: Int, block: String)]) {
    var offsets = layout()
    // Widen every jump whose distance does not fit in a byte, until stable.
    while true {
      var changed = false
      for index in items.indices where !items[index].wide {
        if let wide = Self.wideForm(items[index].opcode), !fits(index, offsets) {
          items[index].opcode = wide
          items[index].wide = true
          changed = true
        }
      }
      if !changed { break }
      offsets = layout()
    }
    var code: [UInt8] = []
    var marks: [(offset: Int, block: String)] = []
    for (index, item) in items.enumerated() {
      marks.append((base + offsets[index], item.block))
      code.append(item.opcode.rawValue)
      let end = offsets[index + 1]
      for (kind, operand) in zip(item.opcode.info.operands, item.operands) {
        let value: Int
        switch operand {
        case .value(let v): value = v
        case .function(let offset): value = offset
        case .label(let label):
          let target = offsets[labelItems[label.id]!]
          value = kind == .back8 || kind == .back16 ? end - target : target - end
        }
        Self.append(value, kind: kind, to: &code)
      }
    }
    return (code, marks)
  }

  /// Offsets of every item, plus the end of the code.
  private func layout() -> [Int] {
    var offsets: [Int] = []
    offsets.reserveCapacity(items.count + 1)
    var offset = 0
    for item in items {
      offsets.append(offset)
      offset += item.opcode.info.length
    }
    offsets.append(offset)
    return offsets
  }

  private func fits(_ index: Int, _ offsets: [Int]) -> Bool {
    for case .label(let label) in items[index].operands {
      let target = offsets[labelItems[label.id]!]
      let end = offsets[index + 1]
      let distance = target >= end ? target - end : end - target
      if distance > 255 { return false }
    }
    return true
  }

  static func wideForm(_ opcode: Opcode) -> Opcode? {
    let name = opcode.info.name + "_W"
    return Opcode.infos.first { $0.name == name }?.opcode
  }

  static func append(_ value: Int, kind: OperandKind, to code: inout [UInt8]) {
    for index in 0..<kind.size {
      code.append(UInt8(truncatingIfNeeded: value >> (8 * index)))
    }
  }
}
