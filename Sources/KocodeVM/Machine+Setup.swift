import KocodeBytecode

/// Finding the scripts in the code and giving each its stack.
extension Machine {
  /// The fields of a `FUNCTION` header.
  struct FunctionHeader {
    var offset: Int
    var params: Int
    var locals: Int
    var need: Int
    var kind: Int
  }

  /// The script tasks of an image, the stack slots they need together, and
  /// the problem that keeps the image from starting, if any.
  static func layout(of image: Image) -> (tasks: [Task], slots: Int, failure: Failure?) {
    let code = image.code
    // Return links keep a code offset in 16 bits, as the header's code size does.
    guard code.count <= Int(UInt16.max) else {
      return ([], 0, Failure(code: .badInstruction, pc: 0, timeUS: 0))
    }
    let walk = functionHeaders(in: code)
    if let bad = walk.badOffset {
      return ([], 0, Failure(code: .badInstruction, pc: bad, timeUS: 0))
    }
    let scripts = walk.headers.filter { $0.kind == 2 }
    guard scripts.count == Int(image.scriptCount) else {
      return ([], 0, Failure(code: .badInstruction, pc: 0, timeUS: 0))
    }

    var tasks: [Task] = []
    var slots = 0
    for header in scripts {
      let entry = header.offset + VMConstant.funcSize
      // The entry frame (locals and the return link) must fit the declared need.
      guard header.locals + 1 <= header.need else {
        return ([], 0, Failure(code: .stackOverflow, pc: entry, timeUS: 0))
      }
      let isWhen = entry < code.count && code[entry] == Opcode.whenWait.rawValue
      tasks.append(
        Task(
          entry: entry, locals: header.locals, base: slots, limit: slots + header.need,
          isWhen: isWhen))
      slots += header.need
    }
    return (tasks, slots, nil)
  }

  /// Every function header, walking the code one instruction at a time;
  /// `badOffset` is where the walk met an unknown opcode or an instruction
  /// running past the end.
  static func functionHeaders(in code: [UInt8]) -> (headers: [FunctionHeader], badOffset: Int?) {
    var headers: [FunctionHeader] = []
    var offset = 0
    while offset < code.count {
      guard let info = Opcode.info(forByte: code[offset]), offset + info.length <= code.count
      else { return (headers, offset) }
      if info.opcode == .function {
        headers.append(
          FunctionHeader(
            offset: offset, params: Int(code[offset + 1]), locals: Int(code[offset + 2]),
            need: Int(code[offset + 3]), kind: Int(code[offset + 4])))
      }
      offset += info.length
    }
    return (headers, nil)
  }

  /// Puts a task at its script's first instruction with a fresh entry
  /// frame: zeroed locals and a return link that ends the script.
  func enterScript(_ task: inout Task) {
    let linkSlot = task.base + task.locals
    for slot in task.base...linkSlot { stack[slot] = 0 }
    task.pc = task.entry
    task.fp = task.base
    task.frameSize = task.locals
    task.sp = linkSlot + 1
  }
}
