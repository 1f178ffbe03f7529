import Foundation
import KocodeBytecode
import KocodeTableGen
import Testing

/// The opcode table is written once; every file made from it must match it.
@Suite struct GeneratedTablesTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func generatedFilesAreFresh() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent(GeneratedFiles.tablePath), encoding: .utf8)
    let table = try OpcodeTable(parsing: text)
    for (path, expected) in GeneratedFiles.render(table) {
      let actual = try? String(
        contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
      #expect(actual == expected, "\(path) is stale: run `make generate`")
    }
  }

  @Test func swiftTableMatchesTheParsedTable() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent(GeneratedFiles.tablePath), encoding: .utf8)
    let table = try OpcodeTable(parsing: text)
    #expect(table.opcodes.count == Opcode.allCases.count)
    for row in table.opcodes {
      let info = try #require(Opcode.info(forByte: UInt8(row.code)))
      #expect(info.name == row.name)
      #expect(info.length == table.length(of: row))
      #expect(info.pops == row.pops && info.pushes == row.pushes && info.taken == row.taken)
    }
  }

  @Test func malformedTableLinesAreRejected() {
    #expect(throws: OpcodeTable.ParseError.self) {
      try OpcodeTable(parsing: "# section opcodes\n0x01 PUSH_0 nope 0 1 - - meaning\n")
    }
    #expect(throws: OpcodeTable.ParseError.self) {
      try OpcodeTable(parsing: "0x01 PUSH_0 - 0 1 - - outside a section\n")
    }
  }
}
