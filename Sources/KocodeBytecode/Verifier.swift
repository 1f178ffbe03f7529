/// Checks an image before any VM runs it: every rule of `docs/bytecode.md`
/// section 4, in one linear pass over the code plus a table of one expected
/// stack height per code byte, as the board's own verifier does.
public enum Verifier {
  /// Verifies `image` for the board `limits` describes.
  ///
  /// The magic, format version, code size and CRC-32 of a file are checked
  /// when it is read (`Image(fileBytes:)`); an `Image` in memory always
  /// writes them right, so this checks everything else.
  public static func verify(
    _ image: Image, limits: BoardLimits
  ) throws(ImageError) -> VerifiedProgram {
    try checkHeader(image, limits: limits)
    var pass = VerificationPass(image: image, limits: limits)
    try pass.run()
    let program = VerifiedProgram(functions: pass.functions)
    try checkStackSlots(program, limits: limits)
    return program
  }

  /// Section 4 rule 1: board, size and the counts the board has room for.
  static func checkHeader(_ image: Image, limits: BoardLimits) throws(ImageError) {
    guard Int(image.boardID) == limits.boardID else {
      throw .wrongBoard(expected: limits.boardID, actual: Int(image.boardID))
    }
    // The header keeps the code size in 16 bits, whatever the board allows.
    let limit = min(limits.maxProgramBytes, VMConstant.headerSize + Int(UInt16.max))
    let size = VMConstant.headerSize + image.code.count
    guard size <= limit else { throw .tooLarge(size: size, limit: limit) }

    try checkCount(Int(image.scriptCount), of: "scripts", limit: limits.maxScripts)
    try checkCount(Int(image.globalCount), of: "globals", limit: limits.maxGlobals)
    // The header keeps the text count in one byte.
    let textLimit = min(limits.maxTexts, Int(UInt8.max))
    try checkCount(image.host.texts.count, of: "texts", limit: textLimit)
  }

  private static func checkCount(
    _ count: Int, of what: String, limit: Int
  ) throws(ImageError) {
    guard count <= limit else {
      throw .rejected(offset: 0, reason: "header: \(count) \(what), the board allows \(limit)")
    }
  }

  /// Section 4 rule 6, last part: the scripts' tasks share the stack slots.
  static func checkStackSlots(
    _ program: VerifiedProgram, limits: BoardLimits
  ) throws(ImageError) {
    var total = 0
    for script in program.scripts {
      total += script.need
      guard total <= limits.stackSlots else {
        let reason =
          "FUNCTION at \(hex(script.headerOffset)): the scripts need at least \(total)"
          + " stack slots, the board has \(limits.stackSlots)"
        throw .rejected(offset: script.headerOffset, reason: reason)
      }
    }
  }
}

/// A code offset as messages and listings write it: `0x0012`.
func hex(_ value: Int, digits: Int = 4) -> String {
  let text = String(value.magnitude, radix: 16, uppercase: true)
  let padded = String(repeating: "0", count: max(0, digits - text.count)) + text
  return (value < 0 ? "-0x" : "0x") + padded
}
