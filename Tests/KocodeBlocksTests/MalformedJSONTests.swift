import KocodeBlocks
import Testing

/// A file that must not load, with the reason and position expected.
struct MalformedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  var reason: MalformedProgram.Reason
  var line: Int
  var column: Int

  init(
    _ name: String, _ text: String, _ reason: MalformedProgram.Reason, _ line: Int, _ column: Int
  ) {
    self.init(name, bytes: Array(text.utf8), reason, line, column)
  }

  init(
    _ name: String, bytes: [UInt8], _ reason: MalformedProgram.Reason, _ line: Int, _ column: Int
  ) {
    self.name = name
    self.bytes = bytes
    self.reason = reason
    self.line = line
    self.column = column
  }

  var testDescription: String { name }
  var expected: MalformedProgram { MalformedProgram(reason, line: line, column: column) }
}

/// Broken JSON: the reason, line and column of each (section 7: "the line
/// and column where the parser stopped").
@Suite struct MalformedJSONTests {
  static let syntax: [MalformedCase] = [
    MalformedCase("empty file", "", .empty, 1, 1),
    MalformedCase("white space only", "  \n\t ", .empty, 2, 3),
    MalformedCase("byte order mark only", bytes: [0xEF, 0xBB, 0xBF], .empty, 1, 1),
    MalformedCase(
      "truncated after a key", #"{"blocks": "#,
      .json(expected: "a value", found: "the end of the file"), 1, 12),
    MalformedCase(
      "truncated inside a list", "{\"blocks\": {\"blocks\": [\n  {\"type\": \"a\"",
      .json(expected: "',' or '}'", found: "the end of the file"), 2, 15),
    MalformedCase(
      "truncated string", #"{"blocks"#,
      .json(expected: "'\"' to end the string", found: "the end of the file"), 1, 9),
    MalformedCase(
      "missing colon", #"{"a" 1}"#, .json(expected: "':' after the key", found: "'1'"), 1, 6),
    MalformedCase(
      "trailing comma", #"{"a": 1,}"#,
      .json(expected: "a key in double quotes", found: "'}'"), 1, 9),
    MalformedCase(
      "unquoted key", "{blocks: 1}",
      .json(expected: "a key in double quotes or '}'", found: "'blocks'"), 1, 2),
    MalformedCase(
      "missing comma", "[1 2]", .json(expected: "',' or ']'", found: "'2'"), 1, 4),
    MalformedCase(
      "leading zero", #"{"a": 01}"#, .json(expected: "',' or '}'", found: "'1'"), 1, 8),
    MalformedCase(
      "junk after the value", "{}\n x",
      .json(expected: "the end of the file", found: "'x'"), 2, 2),
    MalformedCase(
      "JavaScript word", #"{"a": undefined}"#,
      .json(expected: "a value", found: "'undefined'"), 1, 7),
    MalformedCase(
      "misspelled literal", #"{"a": tru}"#, .json(expected: "a value", found: "'tru'"), 1, 7),
    MalformedCase("lone minus", "[-]", .json(expected: "a digit", found: "']'"), 1, 3),
    MalformedCase(
      "dot without digits", "[1.]", .json(expected: "a digit after '.'", found: "']'"), 1, 4),
    MalformedCase(
      "empty exponent", "[1e+]", .json(expected: "a digit in the exponent", found: "']'"), 1, 5),
    MalformedCase(
      "raw line break in a string", "{\"a\": \"one\ntwo\"}",
      .json(expected: "'\"' to end the string", found: "a line break"), 1, 11),
    MalformedCase(
      "control character", "[\u{1}]",
      .json(expected: "a value", found: "a control character (U+0001)"), 1, 2),
    MalformedCase(
      "unknown escape", #"["a\qb"]"#,
      .json(expected: "an escape such as \\n or \\u00e9", found: "'q'"), 1, 5),
    MalformedCase(
      "short unicode escape", #"["\u12"]"#,
      .json(expected: "four hex digits after \\u", found: "'\"'"), 1, 7),
    MalformedCase(
      "lone high surrogate", #"["\ud83c"]"#,
      .json(expected: "a low surrogate (\\uDC00 to \\uDFFF)", found: "'\"'"), 1, 9),
    MalformedCase(
      "lone low surrogate", #"["\udf31"]"#,
      .json(expected: "a high surrogate (\\uD800 to \\uDBFF) before this one", found: "'\"'"),
      1, 9),
    MalformedCase("garbage bytes", bytes: [0xFF, 0xFE, 0x00, 0x7B], .encoding, 1, 1),
    MalformedCase(
      "invalid UTF-8 in a string", bytes: Array("{\n \"a\": \"caf".utf8) + [0xE9, 0x22, 0x7D],
      .encoding, 2, 11),
    MalformedCase(
      "overlong UTF-8", bytes: Array("[\"".utf8) + [0xC0, 0xAF, 0x22, 0x5D], .encoding, 1, 3),
    MalformedCase(
      "UTF-8 surrogate", bytes: Array("[\"é".utf8) + [0xED, 0xA0, 0x80, 0x22, 0x5D],
      .encoding, 1, 4),
    MalformedCase(
      "NUL bytes", bytes: [0x00, 0x00],
      .json(expected: "a value", found: "a control character (U+0000)"), 1, 1),
  ]

  static let shapes: [MalformedCase] = [
    MalformedCase(
      "array at the top", "[]", .shape(what: "the workspace", expected: "an object"), 1, 1),
    MalformedCase(
      "string at the top", #""{}""#, .shape(what: "the workspace", expected: "an object"), 1, 1),
    MalformedCase(
      "blocks is a number", #"{"blocks": 3}"#, .shape(what: "blocks", expected: "an object"), 1, 12
    ),
    MalformedCase(
      "blocks.blocks is an object", #"{"blocks": {"blocks": {}}}"#,
      .shape(what: "blocks.blocks", expected: "an array"), 1, 23),
    MalformedCase(
      "block is a string", #"{"blocks": {"blocks": ["a"]}}"#,
      .shape(what: "blocks.blocks[0]", expected: "a block object"), 1, 24),
    MalformedCase(
      "block without a type", #"{"blocks": {"blocks": [{}, {"id": "x"}]}}"#,
      .shape(what: "blocks.blocks[0].type", expected: "a string"), 1, 24),
    MalformedCase(
      "type is a number", #"{"blocks": {"blocks": [{"type": 3}]}}"#,
      .shape(what: "blocks.blocks[0].type", expected: "a string"), 1, 33),
    MalformedCase(
      "inputs is an array", #"{"blocks": {"blocks": [{"type": "a", "inputs": []}]}}"#,
      .shape(what: "blocks.blocks[0].inputs", expected: "an object"), 1, 48),
    MalformedCase(
      "an input is a number", #"{"blocks": {"blocks": [{"type": "a", "inputs": {"DO": 5}}]}}"#,
      .shape(what: "blocks.blocks[0].inputs.DO", expected: "an object"), 1, 55),
    MalformedCase(
      "next block is a number",
      #"{"blocks": {"blocks": [{"type": "a", "next": {"block": {"type": "b", "next": 1}}}]}}"#,
      .shape(what: "blocks.blocks[0].next.block.next", expected: "an object"), 1, 78),
    MalformedCase(
      "deep input block without type",
      #"{"blocks": {"blocks": [{"type": "a", "inputs": {"DO": {"block": {"type": "b", "#
        + #""next": {"block": {"inputs": {}}}}}}}]}}"#,
      .shape(what: "blocks.blocks[0].inputs.DO.block.next.block.type", expected: "a string"),
      1, 97),
    MalformedCase(
      "fields is a string", #"{"blocks": {"blocks": [{"type": "a", "fields": "x"}]}}"#,
      .shape(what: "blocks.blocks[0].fields", expected: "an object"), 1, 48),
    MalformedCase(
      "field is null", #"{"blocks": {"blocks": [{"type": "a", "fields": {"N": null}}]}}"#,
      .shape(
        what: "blocks.blocks[0].fields.N",
        expected: "a text, a number, true, false or a variable object"), 1, 54),
    MalformedCase(
      "variable field with nothing",
      #"{"blocks": {"blocks": [{"type": "a", "fields": {"VAR": {}}}]}}"#,
      .shape(
        what: "blocks.blocks[0].fields.VAR", expected: "a variable with an \"id\" or a \"name\""),
      1, 56),
    MalformedCase(
      "enabled is a string", #"{"blocks": {"blocks": [{"type": "a", "enabled": "no"}]}}"#,
      .shape(what: "blocks.blocks[0].enabled", expected: "true or false"), 1, 49),
    MalformedCase(
      "extraState is a number", #"{"blocks": {"blocks": [{"type": "a", "extraState": 2}]}}"#,
      .shape(what: "blocks.blocks[0].extraState", expected: "an object or a <mutation> text"),
      1, 52),
    MalformedCase(
      "extraState text is not a mutation",
      #"{"blocks": {"blocks": [{"type": "a", "extraState": "<other/>"}]}}"#,
      .shape(what: "blocks.blocks[0].extraState", expected: "a <mutation> element"), 1, 52),
    MalformedCase(
      "extraState text is not XML",
      #"{"blocks": {"blocks": [{"type": "a", "extraState": "<mutation"}]}}"#,
      .shape(what: "blocks.blocks[0].extraState", expected: "a <mutation> element"), 1, 52),
    MalformedCase(
      "negative elseIfCount",
      #"{"blocks": {"blocks": [{"type": "a", "extraState": {"elseIfCount": -1}}]}}"#,
      .shape(
        what: "blocks.blocks[0].extraState.elseIfCount", expected: "a whole number, 0 or more"),
      1, 68),
    MalformedCase(
      "fractional elseIfCount",
      #"{"blocks": {"blocks": [{"type": "a", "extraState": {"elseIfCount": 1.5}}]}}"#,
      .shape(
        what: "blocks.blocks[0].extraState.elseIfCount", expected: "a whole number, 0 or more"),
      1, 68),
    MalformedCase(
      "params is an object",
      #"{"blocks": {"blocks": [{"type": "a", "extraState": {"params": {}}}]}}"#,
      .shape(what: "blocks.blocks[0].extraState.params", expected: "an array"), 1, 63),
    MalformedCase(
      "variables is an object", #"{"variables": {}}"#,
      .shape(what: "variables", expected: "an array"), 1, 15),
    MalformedCase(
      "variable without a name",
      "{\"variables\": [\n  {\"id\": \"a\", \"name\": \"a\"},\n  {\"id\": \"b\"}]}",
      .shape(what: "variables[1].name", expected: "a string"), 3, 3),
  ]

  @Test(arguments: syntax + shapes)
  func malformedJSONSaysWhyAndWhere(_ test: MalformedCase) {
    #expect(malformed(test.bytes) == test.expected)
    #expect(malformed(test.bytes, as: .json) == test.expected)
  }

  @Test func everyPrefixOfAValidFileFailsCleanly() throws {
    let bytes = Array(Fixtures.ifElse.json.utf8)
    for length in 0..<bytes.count {
      let error = try #require(malformed(Array(bytes[..<length]), as: .json))
      #expect(error.line >= 1 && error.column >= 1)
    }
  }

  @Test func garbageNeverCrashes() {
    var generator = SplitMix(seed: 42)
    let alphabet =
      Array(#"{}[]:,"\ \#n0123456789.eE-+truefalsnul"blocks"type"#.utf8) + [0xC3, 0xA9, 0x80]
    for _ in 0..<2_000 {
      let length = Int(generator.next() % 60)
      let bytes = (0..<length).map { _ in
        alphabet[Int(generator.next() % UInt64(alphabet.count))]
      }
      _ = malformed(bytes)
    }
  }
}

/// A small deterministic random number generator for fuzz-style tests.
struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
