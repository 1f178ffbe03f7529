/// Readable assembly of an image, for `kocode disasm` and `kocode build
/// --listing`. It never fails: bytes that decode to no instruction are shown
/// as `.byte`, and what the host section does not name is shown by number.
public enum Disassembler {
  /// The listing of `image`: a summary, then one line per instruction under a
  /// label per function. With `limits`, the image is also verified and the
  /// verdict shown (and the rejected instruction marked).
  public static func listing(_ image: Image, limits: BoardLimits? = nil) -> String {
    var writer = ListingWriter(image: image)
    if let limits {
      do {
        writer.program = try Verifier.verify(image, limits: limits)
      } catch {
        writer.rejection = error
      }
    }
    writer.writeSummary(limits: limits)
    writer.writeCode()
    return writer.lines.joined(separator: "\n") + "\n"
  }
}

/// Builds the listing line by line.
struct ListingWriter {
  let image: Image
  var program: VerifiedProgram?
  var rejection: ImageError?
  private(set) var lines: [String] = []
  /// Names of the functions met so far, by header offset, for `CALL`.
  private var functionNames: [Int: String] = [:]
  private var functionCount = 0
  private var scriptCount = 0
  /// Parameters of the current function: its first local slots.
  private var params = 0
  private var lastBlock: String?

  init(image: Image) { self.image = image }

  // MARK: - Summary

  mutating func writeSummary(limits: BoardLimits?) {
    let host = image.host
    lines.append("; Kocode image for board \(image.boardID)")
    lines.append("; code \(image.code.count) bytes, CRC-32 \(hex(Int(image.crc), digits: 8))")
    let counts = [
      count(Int(image.scriptCount), "script"), count(Int(image.globalCount), "global"),
      count(Int(image.functionCount), "function"), count(host.texts.count, "text"),
    ]
    lines.append("; " + counts.joined(separator: ", "))
    if !host.globalNames.isEmpty {
      let globals = host.globalNames.enumerated().map { "g\($0.offset) \($0.element)" }
      lines.append("; globals: " + globals.joined(separator: ", "))
    }
    if let program, let limits {
      lines.append(
        "; verified: the scripts need \(program.scriptNeed) of \(limits.stackSlots) stack slots")
    }
    if let rejection { lines.append("; rejected: " + Self.describe(rejection)) }
  }

  private func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
  }

  /// The verifier's verdict in a line; the CLI has its own words for errors.
  private static func describe(_ error: ImageError) -> String {
    switch error {
    case .rejected(_, let reason): reason
    case .wrongBoard(let expected, let actual):
      "the image is for board \(actual), this board is \(expected)"
    case .tooLarge(let size, let limit): "\(size) bytes, the board holds \(limit)"
    default: "\(error)"
    }
  }

  // MARK: - Code

  mutating func writeCode() {
    let code = image.code
    var offset = 0
    while offset < code.count {
      guard let instruction = Instruction.decode(code, at: offset) else {
        let byte = hex(Int(code[offset]), digits: 2)
        lines.append(Self.columns(offset, bytes: [code[offset]], text: ".byte \(byte)"))
        offset += 1
        continue
      }
      if instruction.opcode == .function { writeLabel(for: instruction) }
      writeLine(for: instruction)
      offset = instruction.end
    }
  }

  /// A blank line and `; procedure name(p0, p1)` or `; script 1: hat`.
  private mutating func writeLabel(for header: Instruction) {
    let index = functionCount
    functionCount += 1
    params = header.operands[0]
    let names = image.host.functionNames
    let name = index < names.count ? names[index] : "f\(index)"
    functionNames[header.offset] = name
    var label: String
    switch FunctionKind(rawValue: UInt8(truncatingIfNeeded: header.operands[3])) {
    case .script:
      scriptCount += 1
      label = "script \(scriptCount): \(name)"
    case .procedure: label = "procedure " + signature(name)
    case .procedureWithValue: label = "procedure " + signature(name) + " returns a value"
    case nil: label = "function \(name) of unknown kind \(header.operands[3])"
    }
    if let used = program?.function(atHeader: header.offset)?.measuredNeed {
      label += " (uses \(used) of \(header.operands[2]) stack slots)"
    }
    lines.append("")
    lines.append("; " + label)
  }

  private func signature(_ name: String) -> String {
    if name.contains("(") { return name }
    return name + "(" + (0..<params).map { "p\($0)" }.joined(separator: ", ") + ")"
  }

  private mutating func writeLine(for instruction: Instruction) {
    let bytes = Array(image.code[instruction.offset..<instruction.end])
    var text = instruction.info.name
    let operands = render(instruction)
    if !operands.isEmpty {
      text = Self.padded(text, to: 16) + operands
    }
    var comments: [String] = []
    let block = image.host.block(at: instruction.offset)
    if let block, block != lastBlock { comments.append("block \(block)") }
    lastBlock = block
    if case .rejected(instruction.offset, _) = rejection { comments.append("<- rejected") }
    var line = Self.columns(instruction.offset, bytes: bytes, text: text)
    if !comments.isEmpty {
      line = Self.padded(line, to: Self.commentColumn) + "; " + comments.joined(separator: ", ")
    }
    lines.append(line)
  }

  /// `0012  30 05           JUMP ...`: offset, raw bytes, then the text.
  private static func columns(_ offset: Int, bytes: [UInt8], text: String) -> String {
    let raw = bytes.map { hex(Int($0), digits: 2).dropFirst(2) }.joined(separator: " ")
    let address = hex(offset).dropFirst(2)
    return "\(address)  " + padded(raw, to: 16) + text
  }

  /// Where trailing comments start, so they line up in most listings.
  private static let commentColumn = 60

  private static func padded(_ text: String, to width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
  }

  // MARK: - Operands

  private func render(_ instruction: Instruction) -> String {
    if instruction.opcode == .function {
      let fields = instruction.operands
      let kind = FunctionKind(rawValue: UInt8(truncatingIfNeeded: fields[3]))
      return "params \(fields[0]), locals \(fields[1]), need \(fields[2]), "
        + (kind?.name ?? "kind \(fields[3])")
    }
    let pairs = zip(instruction.info.operands, instruction.operands)
    return pairs.map { render($0, $1, end: instruction.end) }.joined(separator: ", ")
  }

  private func render(_ kind: OperandKind, _ value: Int, end: Int) -> String {
    switch kind {
    case .i8, .i16, .i32, .u8: return "\(value)"
    case .glob:
      let names = image.host.globalNames
      return value < names.count ? "g\(value) (\(names[value]))" : "g\(value)"
    case .loc: return value < params ? "p\(value)" : "l\(value - params)"
    case .out: return "out \(value)"
    case .chan: return "A\(value)"
    case .pin: return "D\(value)"
    case .text:
      let texts = image.host.texts
      return value < texts.count ? Self.quoted(texts[value]) : "text \(value)"
    case .fwd8, .fwd16: return "-> " + hex(end + value)
    case .back8, .back16: return "-> " + hex(end - value)
    case .function:
      return "-> " + hex(value) + (functionNames[value].map { " (\($0))" } ?? "")
    }
  }

  /// A text between double quotes, with quotes and control characters escaped.
  private static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        result += "\\u{\(String(scalar.value, radix: 16))}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
