import Foundation
import Testing

/// Hostile and broken input through the real command line: every file,
/// however damaged, large or deep, gets a clear error and the right exit
/// code (`cli.md`), never a crash or a hang (`language.md` section 7).
@Suite struct HostileInputTests {
  /// A small program: at start, switch the pump on.
  static let small =
    #"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"h","inputs":{"DO":{"block":"#
    + #"{"type":"kocode_pump","id":"p","fields":{"STATE":"ON"}}}}}]}}"#

  /// An output path no test writes to: the builds that use it all fail.
  static let unwritten = FileManager.default.temporaryDirectory
    .appendingPathComponent("kocode-hostile-never-written.kbc").path

  /// `kocode check - --json` of `input`: the run and its diagnostics.
  func check(_ input: [UInt8]) -> (run: CLIRun, diagnostics: [[String: Any]]) {
    let run = CLIRun(["check", "-", "--json", "--lang", "en"], input: input)
    let object = try? JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
    return (run, object?["diagnostics"] as? [[String: Any]] ?? [])
  }

  func check(_ text: String) -> (run: CLIRun, diagnostics: [[String: Any]]) {
    check(Array(text.utf8))
  }

  /// Expects exit 65 with `malformed_program` first, at a line and column;
  /// returns the diagnostics.
  @discardableResult
  func expectMalformed(
    _ input: [UInt8], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
  ) -> [[String: Any]] {
    let (run, diagnostics) = check(input)
    #expect(run.code == 65, comment, sourceLocation: sourceLocation)
    let first = diagnostics.first
    #expect(
      first?["code"] as? String == "malformed_program", "\(comment): \(run.out)",
      sourceLocation: sourceLocation)
    #expect(
      (first?["line"] as? Int ?? 0) >= 1 && (first?["column"] as? Int ?? 0) >= 1,
      "\(comment): no place in \(run.out)", sourceLocation: sourceLocation)
    return diagnostics
  }

  func codes(_ diagnostics: [[String: Any]]) -> [String] {
    diagnostics.compactMap { $0["code"] as? String }
  }

  // MARK: - Broken text

  @Test func everyPrefixOfASmallProgramIsMalformed() {
    let bytes = Array(Self.small.utf8)
    for length in 0..<bytes.count {
      let diagnostics = expectMalformed(Array(bytes[..<length]), "prefix of \(length) bytes")
      #expect(diagnostics.first?["line"] as? Int == 1, "prefix of \(length) bytes")
      #expect(
        (diagnostics.first?["column"] as? Int ?? .max) <= length + 1, "prefix of \(length) bytes")
    }
    #expect(check(bytes).run.code == 0)
  }

  @Test func garbageIsMalformed() {
    let inputs = [
      "garbage", "{{{{", "]", "\"just a string\"", "42", "null", "true", "[]", "{\"a\":1,}",
      "{\"blocks\": 5}", "{\"blocks\":{\"blocks\":[5]}}", "{\"blocks\":{\"blocks\":[{\"id\":1}]}}",
      "   \n\t ", "<xml><block type=\"kocode_on_start\"", "<notxml/>", "<xml><block/></xml>",
      "<", "{\"blocks\":{\"blocks\":[{\"type\":\"kocode_on_start\",\"inputs\":{\"DO\":5}}]}}",
    ]
    for input in inputs {
      expectMalformed(Array(input.utf8), "\(input)")
    }
  }

  @Test func randomBinaryIsRefusedEverywhere() {
    var generator = SeededGenerator(seed: 0x6B6F_636F_6465)
    for sample in 0..<60 {
      let length = Int.random(in: 1...1_500, using: &generator)
      var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      // Some samples start like each kind of input the command recognises.
      let starts: [[UInt8]] = [[], Array("{".utf8), Array("<xml>".utf8), [0x4B, 0x43, 1, 1]]
      bytes = starts[sample % starts.count] + bytes
      let (run, diagnostics) = check(bytes)
      #expect(run.code == 65, "sample \(sample)")
      // Whatever the bytes, the answer is still one well-formed JSON object.
      #expect(!diagnostics.isEmpty, "sample \(sample): \(run.out)")
      let build = CLIRun(["build", "-", "-o", Self.unwritten, "-q"], input: bytes)
      #expect(build.code == 65, "build sample \(sample)")
      #expect(CLIRun(["run", "-", "-q"], input: bytes).code == 65, "run sample \(sample)")
      #expect(CLIRun(["disasm", "-"], input: bytes).code == 65, "disasm sample \(sample)")
    }
  }

  @Test func invalidUTF8IsMalformedAtItsPlace() throws {
    let valid = Array(Self.small.utf8)
    // Where the value of the hat's id, "h", starts.
    let marker = Array(#""id":"h""#.utf8)
    let idStart = try #require(valid.indices.first { valid[$0...].starts(with: marker) }) + 6
    let sequences: [[UInt8]] = [
      [0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80],
      [0xFF], [0xE2, 0x82],
    ]
    for sequence in sequences {
      var bytes = valid
      bytes.insert(contentsOf: sequence, at: idStart)
      let diagnostics = expectMalformed(bytes, "\(sequence) in an id")
      #expect(diagnostics.first?["column"] as? Int == idStart + 1, "\(sequence)")
    }
    expectMalformed(valid + [0xC3], "a cut sequence at the end")
    expectMalformed(
      Array("<xml><block type=\"kocode_on_start\" id=\"".utf8) + [0xC0, 0xAF]
        + Array("\"/></xml>".utf8), "XML with an overlong sequence")
  }

  @Test func aByteOrderMarkBeforeValidJSONCompiles() {
    let bytes = [0xEF, 0xBB, 0xBF] + Array(Self.small.utf8)
    let (run, diagnostics) = check(bytes)
    #expect(run.code == 0)
    #expect(diagnostics.isEmpty)
    let trace = CLIRun(["run", "-", "--for", "100ms", "--trace", "-"], input: bytes)
    #expect(trace.code == 0)
    #expect(trace.jsonLines.contains { $0["name"] as? String == "pump" })
  }

  // MARK: - XML

  @Test func xmlWithADoctypeOrEntitiesIsRefused() {
    let documents = [
      // Exponential entity expansion.
      """
      <?xml version="1.0"?>
      <!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
      <xml><block type="kocode_on_start" id="&d;"/></xml>
      """,
      // An external entity that would read a file.
      """
      <!-- a comment first --><!doctype xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <xml><block type="text" id="t"><field name="TEXT">&x;</field></block></xml>
      """,
      "<!DOCTYPE xml SYSTEM \"http://example.invalid/blockly.dtd\"><xml></xml>",
      "<xml><!ENTITY x \"y\"></xml>",
    ]
    for document in documents {
      let diagnostics = expectMalformed(Array(document.utf8), "\(document)")
      let message = diagnostics.first?["message"] as? String ?? ""
      #expect(!message.contains("root:"))
      #expect(message.contains("DOCTYPE"), "\(message)")
    }
  }

  @Test func xmlWithoutItsNamespaceCompiles() {
    let xml = """
      <xml><block type="kocode_on_start" id="h"><statement name="DO">
      <block type="kocode_pump" id="p"><field name="STATE">ON</field></block>
      </statement></block></xml>
      """
    let (run, diagnostics) = check(Array(xml.utf8))
    #expect(run.code == 0)
    #expect(diagnostics.isEmpty)
    let fromXML = CLIRun(["run", "-", "--for", "100ms", "--trace", "-"], input: Array(xml.utf8))
    let fromJSON = CLIRun(
      ["run", "-", "--for", "100ms", "--trace", "-"], input: Array(Self.small.utf8))
    #expect(fromXML.code == 0)
    #expect(fromXML.out == fromJSON.out)
  }

  // MARK: - Unknown blocks and ids

  @Test func unknownBlockTypesAreErrors() {
    let top = #"{"blocks":{"blocks":[{"type":"kocode_teleport","id":"u"}]}}"#
    let nested = Self.small.replacingOccurrences(of: "kocode_pump", with: "kocode_teleport")
    for program in [top, nested] {
      let (run, diagnostics) = check(program)
      #expect(run.code == 65)
      let unknown = diagnostics.first { $0["code"] as? String == "unknown_block" }
      #expect(unknown?["block"] as? String == (program == top ? "u" : "p"))
      #expect((unknown?["message"] as? String)?.contains("kocode_teleport") == true)
    }
  }

  @Test func duplicateIDsAreAWarning() {
    let program = Self.small.replacingOccurrences(of: "\"id\":\"p\"", with: "\"id\":\"h\"")
    let (run, diagnostics) = check(program)
    #expect(run.code == 0)
    #expect(codes(diagnostics) == ["duplicate_id"])
    #expect(CLIRun(["run", "-", "--for", "100ms", "-q"], input: Array(program.utf8)).code == 0)
  }

  // MARK: - Depth and size

  /// `at start: log x = not not … true`, `depth` negations deep.
  static func nestedNegations(_ depth: Int) -> String {
    let open = #"{"type":"logic_negate","inputs":{"BOOL":{"block":"#
    return #"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"h","inputs":{"DO":"#
      + #"{"block":{"type":"kocode_log","id":"l","fields":{"LABEL":"x"},"inputs":"#
      + #"{"VALUE":{"block":"# + String(repeating: open, count: depth)
      + #"{"type":"logic_boolean","id":"t","fields":{"BOOL":"TRUE"}}"#
      + String(repeating: "}}}", count: depth) + "}}}}}}]}}"
  }

  @Test func tenThousandNestedInputsGetAClearError() {
    for program in [Self.nestedNegations(10_000), Self.nestedXMLNegations(10_000)] {
      let (run, diagnostics) = check(program)
      #expect(run.code == 65)
      #expect(codes(diagnostics) == ["malformed_program"])
      let message = diagnostics.first?["message"] as? String ?? ""
      #expect(message.contains("deep"), "\(message)")
      let french = CLIRun(["check", "-", "--lang", "fr"], input: Array(program.utf8))
      #expect(french.code == 65)
      #expect(french.error.contains("trop profondément"), "\(french.error)")
    }
  }

  static func nestedXMLNegations(_ depth: Int) -> String {
    "<xml><block type=\"kocode_on_start\" id=\"h\"><statement name=\"DO\">"
      + "<block type=\"kocode_log\" id=\"l\"><field name=\"LABEL\">x</field>"
      + "<value name=\"VALUE\">"
      + String(repeating: "<block type=\"logic_negate\"><value name=\"BOOL\">", count: depth)
      + "<block type=\"logic_boolean\"><field name=\"BOOL\">TRUE</field></block>"
      + String(repeating: "</value></block>", count: depth)
      + "</value></block></statement></block></xml>"
  }

  @Test func nestingJustUnderTheReadersLimitIsCheckedWithoutCrashing() {
    // Deep but accepted by the reader: the checker and the code generator
    // walk it; the result is too big for the Uno, which is a clear error.
    let (run, diagnostics) = check(Self.nestedNegations(990))
    #expect(run.code == 65)
    #expect(codes(diagnostics) == ["program_too_large"])
  }

  @Test func thirtyThousandNestedArraysOrObjects() {
    let arrays = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
    expectMalformed(Array(arrays.utf8), "30,000 nested arrays")
    expectMalformed(Array(("{\"blocks\":" + arrays + "}").utf8), "as the blocks")
    let objects =
      String(repeating: "{\"a\":", count: 30_000) + "1" + String(repeating: "}", count: 30_000)
    let (objectRun, objectDiagnostics) = check(objects)
    #expect(objectRun.code == 0)
    #expect(codes(objectDiagnostics) == ["nothing_runs"])
    // Unknown keys are ignored, however deep they go.
    let ignored = Self.small.dropLast() + ",\"junk\":" + arrays + "}"
    let (ignoredRun, ignoredDiagnostics) = check(String(ignored))
    #expect(ignoredRun.code == 0)
    #expect(ignoredDiagnostics.isEmpty)
    let unclosed = String(repeating: "[", count: 30_000)
    expectMalformed(Array(unclosed.utf8), "30,000 unclosed arrays")
  }

  /// One stack of `count` LED blocks under `at start`.
  static func longStack(_ count: Int) -> String {
    var text = #"{"blocks":{"blocks":[{"type":"kocode_on_start","id":"h","inputs":"#
    text += #"{"DO":{"block":"#
    for index in 0..<count {
      text += #"{"type":"kocode_led","id":"b\#(index)","fields":{"LED":"GREEN","STATE":"ON"}"#
      text += index + 1 < count ? #","next":{"block":"# : ""
    }
    return text + String(repeating: "}}", count: count - 1) + "}}}}]}}"
  }

  @Test func fiveThousandBlocksInOneStackAreTooLargeForTheUno() {
    let program = Array(Self.longStack(5_000).utf8)
    let (run, diagnostics) = check(program)
    #expect(run.code == 65)
    #expect(codes(diagnostics) == ["program_too_large"])
    let build = CLIRun(["build", "-", "-o", Self.unwritten, "--lang", "en"], input: program)
    #expect(build.code == 65)
    #expect(build.error.contains("program_too_large"))
    #expect(CLIRun(["run", "-", "-q"], input: program).code == 65)
  }

  // MARK: - Files

  @Test func emptyFileAndEmptyWorkspace() {
    expectMalformed([], "an empty file")
    let (run, diagnostics) = check("{}")
    #expect(run.code == 0)
    #expect(codes(diagnostics) == ["nothing_runs"])
    #expect(CLIRun(["run", "-", "-q"], input: []).code == 65)
    #expect(CLIRun(["run", "-", "-q"], input: Array("{}".utf8)).code == 0)
  }

  @Test func anEmptyWorkspaceBuildsAnImageThatRuns() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-empty-\(UUID().uuidString).kbc").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(CLIRun(["build", "-", "-o", path, "-q"], input: Array("{}".utf8)).code == 0)
    #expect(CLIRun(["run", path, "-q"]).code == 0)
    #expect(CLIRun(["disasm", path]).code == 0)
  }

  @Test func malformedProgramsAreExplainedInFrenchToo() {
    let inputs = [
      "{\"a\":1,}", "{\"blocks\":{\"blocks\":[{\"type\":\"kocode_on", "<xml><block/></xml>",
      "{\"blocks\": 5}",
    ]
    for input in inputs {
      let run = CLIRun(["check", "-", "--lang", "fr"], input: Array(input.utf8))
      #expect(run.code == 65)
      #expect(run.error.contains("malformed_program"))
      // The reason after the colon is French too, not the parser's English.
      let english = ["expected", "found", "a key", "a <block>", "an object", "the end of"]
      let leftovers = english.filter { run.error.contains($0) }
      #expect(leftovers.isEmpty, "\(input): \(run.error)")
    }
  }

  @Test func aDirectoryIsAnIOError() {
    let directory = FileManager.default.temporaryDirectory.path
    for arguments in [
      ["check", directory], ["build", directory, "-o", Self.unwritten], ["run", directory],
      ["disasm", directory],
    ] {
      let run = CLIRun(arguments + ["--lang", "en"])
      #expect(run.code == 74, "\(arguments)")
      #expect(run.error.contains(directory), "\(arguments)")
    }
    let french = CLIRun(["check", directory, "--lang", "fr"])
    #expect(french.code == 74)
    #expect(!french.error.contains(": directory"), "\(french.error)")
  }

  // MARK: - Damaged images

  /// A procedure, a global, a log label and a message, so that every part
  /// of the image and of its host section has something in it.
  static let imageProgram = """
    <xml><block type="procedures_defreturn" id="d"><mutation><arg name="x"/></mutation>
    <field name="NAME">double</field><value name="RETURN"><block type="math_arithmetic" id="a">
    <field name="OP">ADD</field><value name="A"><block type="variables_get" id="g1">
    <field name="VAR">x</field></block></value><value name="B"><block type="variables_get"
    id="g2"><field name="VAR">x</field></block></value></block></value></block>
    <block type="kocode_on_start" id="h"><statement name="DO"><block type="variables_set" id="s">
    <field name="VAR">v</field><value name="VALUE"><block type="procedures_callreturn" id="c">
    <mutation name="double"><arg name="x"/></mutation><value name="ARG0">
    <block type="math_number" id="n"><field name="NUM">21</field></block></value></block>
    </value><next><block type="kocode_log" id="l"><field name="LABEL">v</field>
    <value name="VALUE"><block type="variables_get" id="g3"><field name="VAR">v</field></block>
    </value><next><block type="text_print" id="p"><value name="TEXT"><block type="text" id="t">
    <field name="TEXT">done</field></block></value></block></next></block></next></block>
    </statement></block></xml>
    """

  /// The `.kbc` bytes of `imageProgram`.
  func imageBytes() throws -> [UInt8] {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-hostile-\(UUID().uuidString).kbc").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let build = CLIRun(["build", "-", "-o", path, "-q"], input: Array(Self.imageProgram.utf8))
    #expect(build.code == 0, "\(build.error)")
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  @Test func theImageUnderTestIsWholeAndRuns() throws {
    let bytes = try imageBytes()
    #expect(KBC.checksumsMatch(bytes))
    let run = CLIRun(["run", "-", "--trace", "-"], input: bytes)
    #expect(run.code == 0)
    #expect(run.jsonLines.contains { $0["label"] as? String == "v" && $0["value"] as? Int == 42 })
    #expect(CLIRun(["disasm", "-"], input: bytes).code == 0)
  }

  @Test func anImageCutAtEveryLengthIsRefused() throws {
    let bytes = try imageBytes()
    for length in 0..<bytes.count {
      let cut = Array(bytes[..<length])
      #expect(CLIRun(["run", "-", "-q"], input: cut).code == 65, "\(length) bytes")
      #expect(CLIRun(["disasm", "-"], input: cut).code == 65, "\(length) bytes")
    }
  }

  @Test func anImageWithAByteChangedIsRefusedUnlessItsChecksumsStillMatch() throws {
    let bytes = try imageBytes()
    for position in bytes.indices {
      for mask: UInt8 in [0xFF, 0x01] {
        var damaged = bytes
        damaged[position] ^= mask
        let run = CLIRun(["run", "-", "--for", "1s", "-q"], input: damaged)
        let disasm = CLIRun(["disasm", "-"], input: damaged)
        if KBC.checksumsMatch(damaged) {
          // The change slipped past both CRCs: the verifier still decides.
          #expect([0, 1, 65].contains(run.code), "byte \(position) ^ \(mask)")
        } else {
          #expect(run.code == 65, "byte \(position) ^ \(mask)")
          #expect(disasm.code == 65, "byte \(position) ^ \(mask)")
        }
      }
    }
  }

  @Test func craftedImagesWithValidChecksumsAreRefusedByTheVerifier() {
    // FUNCTION params locals need kind, then the body.
    let script: [UInt8] = [0x00, 0, 0, 2, 2]
    let hostile: [(String, [UInt8])] = [
      ("a jump out of the function", script + [0x30, 200, 0x43]),
      ("a wide jump out of the code", script + [0x31, 0xFF, 0xFF, 0x43]),
      ("a loop back before the code", script + [0x36, 60]),
      ("a jump into an operand", script + [0x01, 0x34, 1, 0x03, 7, 0x0C, 0x43]),
      ("an unknown opcode", script + [0xFF, 0x43]),
      ("an unused opcode", script + [0x0D, 0x43]),
      ("a huge need", [0x00, 0, 0, 255, 2, 0x43]),
      ("a need too small", [0x00, 0, 0, 1, 2, 0x01, 0x01, 0x10, 0x0C, 0x43]),
      ("a stack underflow", script + [0x10, 0x0C, 0x43]),
      ("falling off the end", script + [0x01]),
      ("an operand cut by the end", script + [0x05, 1, 2]),
      ("RET in a script", script + [0x41]),
      ("a call to itself", script + [0x40, 0, 0, 0x43]),
      ("a global that does not exist", script + [0x06, 0, 0x0C, 0x43]),
      ("an output that does not exist", script + [0x58, 200, 0x43]),
      ("a text that does not exist", script + [0x72, 0, 0x43]),
      ("code not starting with FUNCTION", [0x43] + script + [0x43]),
      ("an unknown function kind", [0x00, 0, 0, 2, 9, 0x43]),
    ]
    for (name, code) in hostile {
      let image = KBC.image(code: code)
      #expect(KBC.checksumsMatch(image), "\(name)")
      for command in ["run", "disasm"] {
        let run = CLIRun([command, "-", "--lang", "en"], input: image)
        #expect(run.code == 65, "\(name): \(command)")
        #expect(run.error.contains("verifier"), "\(name): \(command): \(run.error)")
      }
    }
    let french = CLIRun(["run", "-", "--lang", "fr"], input: KBC.image(code: script + [0xFF]))
    #expect(french.code == 65)
    #expect(french.error.contains("vérificateur"), "\(french.error)")
  }

  @Test func craftedHeadersAreRefused() {
    let code: [UInt8] = [0x00, 0, 0, 1, 2, 0x43]
    let images = [
      ("another board", KBC.image(code: code, board: 77)),
      ("a newer format", KBC.image(code: code, version: 9)),
      ("two scripts declared", KBC.image(code: code, scripts: 2)),
      ("two functions declared", KBC.image(code: code, functions: 2)),
      ("255 scripts", KBC.image(code: code, scripts: 255)),
      ("255 globals", KBC.image(code: code, globals: 255)),
      ("a text count the host section lacks", KBC.image(code: code, texts: 3)),
      ("no code but a script declared", KBC.image(code: [], functions: 1, scripts: 1)),
    ]
    for (name, image) in images {
      for command in ["run", "disasm"] {
        let run = CLIRun([command, "-", "-q"], input: image)
        #expect(run.code == 65, "\(name): \(command)")
        #expect(!run.error.isEmpty, "\(name): \(command)")
      }
    }
  }

  @Test func validButHostileImagesEndWithinTheirTimeLimit() {
    let images: [(String, [UInt8], Int32)] = [
      // A loop with nothing in it: it gives way every time round.
      ("an empty loop", [0x00, 0, 0, 1, 2, 0x36, 2], 0),
      // Wait INT32_MAX minutes: the wait saturates and the run ends on time.
      ("the longest wait", [0x00, 0, 0, 2, 2, 0x05, 0xFF, 0xFF, 0xFF, 0x7F, 0x4A, 0x43], 0),
      // Divide by zero with no debug map to name the block.
      ("an error without a block", [0x00, 0, 0, 3, 2, 0x02, 0x01, 0x13, 0x0C, 0x43], 1),
    ]
    for (name, code, exitCode) in images {
      let run = CLIRun(["run", "-", "--for", "2s", "--trace", "-"], input: KBC.image(code: code))
      #expect(run.code == exitCode, "\(name): \(run.error)")
      let end = run.jsonLines.last
      #expect(end?["type"] as? String == "end", "\(name)")
      #expect((end?["t"] as? Int ?? .max) <= 2_000, "\(name)")
    }
  }
}

/// `.kbc` files written by hand (`docs/bytecode.md` section 2), with
/// CRC-32 computed here so the checksums are right and only the code or the
/// header is hostile.
enum KBC {
  /// An image with an empty host section (no texts, names or debug map)
  /// unless `texts` says how many texts the header claims.
  static func image(
    code: [UInt8], board: UInt8 = 1, version: UInt8 = 1, functions: UInt8 = 1,
    scripts: UInt8 = 1, globals: UInt8 = 0, texts: UInt8 = 0
  ) -> [UInt8] {
    let size = UInt16(code.count)
    var header: [UInt8] = [
      0x4B, 0x43, version, board, UInt8(size & 0xFF), UInt8(size >> 8), scripts, globals,
      functions, texts,
    ]
    header += littleEndian(crc32(header + code))
    // Magic "KD", version 1, then five empty lists: texts, block ids, debug
    // map, global names and function names.
    var host: [UInt8] = [0x4B, 0x44, 1] + [UInt8](repeating: 0, count: 10)
    host += littleEndian(crc32(host))
    return header + code + host
  }

  /// Whether both CRCs of a `.kbc` file match what they cover.
  static func checksumsMatch(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 14 + 4 else { return false }
    let size = Int(bytes[4]) | Int(bytes[5]) << 8
    let hostStart = 14 + size
    guard bytes.count >= hostStart + 4 else { return false }
    let board = crc32(Array(bytes[0..<10]) + Array(bytes[14..<hostStart]))
    let host = crc32(Array(bytes[hostStart..<(bytes.count - 4)]))
    return Array(bytes[10..<14]) == littleEndian(board)
      && Array(bytes[(bytes.count - 4)...]) == littleEndian(host)
  }

  /// CRC-32 as zlib computes it (reflected polynomial 0xEDB88320).
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 {
        crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
      }
    }
    return ~crc
  }

  static func littleEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) }
  }
}

/// SplitMix64: the same bytes on every run and every platform.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
