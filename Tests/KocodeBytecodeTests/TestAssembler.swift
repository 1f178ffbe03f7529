import KocodeBytecode

/// A tiny assembler for tests: instructions with labels, jump distances and
/// `CALL` offsets fixed up when the code is built.
struct TestAssembler {
  private(set) var code: [UInt8] = []
  private var labels: [String: Int] = [:]
  private var fixups: [(position: Int, end: Int, kind: OperandKind, label: String)] = []

  /// Marks the next instruction's offset as `name`.
  mutating func label(_ name: String) { labels[name] = code.count }

  /// Emits `opcode` with raw operand values; with `label`, the jump or
  /// function operand (the one not given) points at that label.
  mutating func emit(_ opcode: Opcode, _ values: Int..., to label: String? = nil) {
    let info = opcode.info
    let start = code.count
    code.append(opcode.rawValue)
    var given = values.makeIterator()
    for kind in info.operands {
      if let label, kind.isJump || kind == .function {
        fixups.append((code.count, start + info.length, kind, label))
        append(0, size: kind.size)
      } else {
        append(given.next() ?? 0, size: kind.size)
      }
    }
  }

  /// A `FUNCTION` header, labelled `name`.
  mutating func function(
    _ name: String, params: Int = 0, locals: Int = 0, need: Int, kind: Int
  ) {
    label(name)
    emit(.function, params, locals, need, kind)
  }

  /// The code with every label resolved.
  func build() -> [UInt8] {
    var bytes = code
    for fixup in fixups {
      let target = labels[fixup.label]!
      let value: Int
      switch fixup.kind {
      case .fwd8, .fwd16: value = target - fixup.end
      case .back8, .back16: value = fixup.end - target
      default: value = target
      }
      for index in 0..<fixup.kind.size {
        bytes[fixup.position + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
      }
    }
    return bytes
  }

  private mutating func append(_ value: Int, size: Int) {
    for index in 0..<size { code.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
  }
}

/// Images and limits the tests share.
enum Fixture {
  /// The greenhouse-uno board: 8 outputs (5, 6, 7 with PWM), A0–A5, D2 and D3.
  static let limits = BoardLimits(
    boardID: 1, maxProgramBytes: 480, maxScripts: 4, maxGlobals: 32, maxTexts: 64,
    stackSlots: 96, outputCount: 8, pwmOutputs: [5, 6, 7], analogChannels: Set(0...5),
    digitalPins: [2, 3])

  /// An image of `code` with the given header counts.
  static func image(
    _ code: [UInt8], functions: Int, scripts: Int, globals: Int = 4,
    texts: [String] = ["moisture", "hello"], host: HostSection? = nil
  ) -> Image {
    var section = host ?? HostSection()
    section.texts = texts
    return Image(
      boardID: 1, scriptCount: UInt8(scripts), globalCount: UInt8(globals),
      functionCount: UInt8(functions), code: code, host: section)
  }

  /// One script whose body is `body`, for rules about single instructions.
  static func script(
    need: Int = 8, locals: Int = 2, _ body: (inout TestAssembler) -> Void
  ) -> Image {
    var asm = TestAssembler()
    asm.function("main", locals: locals, need: need, kind: 2)
    body(&asm)
    return image(asm.build(), functions: 1, scripts: 1)
  }

  /// The reason the verifier gives for `image`, or nil when it passes.
  static func rejection(_ image: Image, limits: BoardLimits = limits) -> String? {
    do {
      _ = try Verifier.verify(image, limits: limits)
      return nil
    } catch {
      if case .rejected(_, let reason) = error { return reason }
      return "\(error)"
    }
  }

  /// The offset the verifier rejects `image` at, or nil.
  static func rejectedOffset(_ image: Image) -> Int? {
    do {
      _ = try Verifier.verify(image, limits: limits)
      return nil
    } catch {
      if case .rejected(let offset, _) = error { return offset }
      return nil
    }
  }

  /// A program with every shape: a value procedure, a procedure calling it
  /// with a FOR loop, an on-start script and an every script.
  static func sampleProgram() -> Image {
    var asm = TestAssembler()
    // double(x) = x + x
    asm.function("double", params: 1, need: 4, kind: 1)
    asm.emit(.loadL, 0)
    asm.emit(.loadL, 0)
    asm.emit(.add)
    asm.emit(.retV)
    // water(n): for i = 1 to n: g0 += double(i)
    asm.function("water", params: 1, locals: 2, need: 8, kind: 0)
    asm.emit(.push1)
    asm.emit(.loadL, 0)
    asm.emit(.push1)
    asm.emit(.forPrep, 1)
    asm.label("for")
    asm.emit(.storeG, 1)
    asm.emit(.loadG, 1)
    asm.emit(.forTest, 1, to: "done")
    asm.emit(.loadG, 1)
    asm.emit(.call, to: "double")
    asm.emit(.changeG, 0)
    asm.emit(.loadG, 1)
    asm.emit(.forNext, 1, to: "done")
    asm.emit(.loop, to: "for")
    asm.label("done")
    asm.emit(.ret)
    // on start: water(3); print "hello"
    asm.function("start", need: 9, kind: 2)
    asm.emit(.pushI8, 3)
    asm.emit(.call, to: "water")
    asm.emit(.printText, 1)
    asm.emit(.end)
    // every 5 s: log soil
    asm.function("every", need: 2, kind: 2)
    asm.label("every top")
    asm.emit(.pushI8, 5)
    asm.emit(.everyBegin)
    asm.emit(.soil)
    asm.emit(.logNum, 0)
    asm.emit(.everyNext, to: "every top")
    return image(
      asm.build(), functions: 4, scripts: 2,
      host: HostSection(
        blockIDs: ["blk-double", "blk-water", "blk-print"],
        debugMap: [
          .init(offset: 5, block: 0), .init(offset: 16, block: 1), .init(offset: 54, block: 2),
          .init(offset: 56, block: 9),
        ],
        globalNames: ["total", "i"],
        functionNames: ["double", "water", "kocode_on_start", "kocode_every"]))
  }
}
