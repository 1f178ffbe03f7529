/// Reads a Blockly workspace, saved as JSON or as legacy XML, into a
/// `Workspace`. Both formats of one workspace give equal models; only the
/// line and column of each block differ.
///
/// No input makes the reader crash or hang: syntax errors, wrong shapes,
/// bad encodings and excessive nesting all end in a `MalformedProgram` that
/// says where reading stopped.
public enum WorkspaceReader {
  /// Maximum nesting of blocks inside blocks' inputs (not counting `next`
  /// chains, which are flattened into arrays and unlimited).
  ///
  /// Later stages walk inputs by recursion, and a student's program nests a
  /// few dozen levels at most, so the bound costs nothing real.
  public static let maxDepth: Int = 1000

  /// Reads JSON or XML: XML when the first non-blank character is `<`,
  /// else JSON. Strips a UTF-8 byte order mark.
  public static func read(_ data: [UInt8]) throws(MalformedProgram) -> Workspace {
    let bytes = SourceText.withoutByteOrderMark(data)
    guard let first = SourceText.firstNonBlank(bytes) else {
      throw SourceText.emptyFile(bytes)
    }
    if bytes[first] == UInt8(ascii: "<") { return try readXML(bytes) }
    return try readJSON(bytes)
  }

  /// Reads the JSON of `Blockly.serialization.workspaces.save`.
  public static func readJSON(_ data: [UInt8]) throws(MalformedProgram) -> Workspace {
    let bytes = SourceText.withoutByteOrderMark(data)
    guard SourceText.firstNonBlank(bytes) != nil else { throw SourceText.emptyFile(bytes) }
    if let error = SourceText.encodingError(in: bytes) { throw error }
    let document = try JSONParser.parse(bytes)
    return try JSONWorkspaceBuilder.build(document)
  }

  /// Reads a legacy Blockly XML export (`<xml>` root, with or without the
  /// Blockly namespace).
  public static func readXML(_ data: [UInt8]) throws(MalformedProgram) -> Workspace {
    let bytes = SourceText.withoutByteOrderMark(data)
    guard SourceText.firstNonBlank(bytes) != nil else { throw SourceText.emptyFile(bytes) }
    return try XMLWorkspaceBuilder.build(bytes)
  }
}
