import Foundation
import KocodeMissions
import Testing

/// The two spellings of the CSV table: plain, and for a spreadsheet set up
/// in French (`docs/decisions.md`, "CSV for spreadsheets").
@Suite struct CSVDialectTests {
  @Test func cellsAreQuotedOnlyWhenTheDialectNeedsIt() {
    #expect(CSVDialect.plain.cell("a;b") == "a;b")
    #expect(CSVDialect.plain.cell("a,b") == "\"a,b\"")
    #expect(CSVDialect.excel.cell("a,b") == "a,b")
    #expect(CSVDialect.excel.cell("a;b") == "\"a;b\"")
    for dialect in [CSVDialect.plain, .excel] {
      #expect(dialect.cell("il a dit \"oui\"") == "\"il a dit \"\"oui\"\"\"")
      #expect(dialect.cell("deux\r\nlignes") == "\"deux\r\nlignes\"")
      #expect(dialect.cell("humidité") == "humidité")
    }
  }

  @Test func numbersUseTheDialectsDecimalMark() {
    #expect(CSVDialect.excel.number(12.345, decimals: 2) == "12,35")
    #expect(CSVDialect.plain.number(12.345, decimals: 2) == "12.35")
    #expect(CSVDialect.excel.number(-0.5, decimals: 1) == "-0,5")
    #expect(CSVDialect.excel.number(0.04, decimals: 1) == "0,0")
    #expect(CSVDialect.excel.number(-0.04, decimals: 1) == "0,0")
    #expect(CSVDialect.excel.number(0.07, decimals: 3) == "0,070")
    #expect(CSVDialect.excel.number(41.6, decimals: 0) == "42")
  }

  @Test func documentsStartAndEndAsTheDialectSays() {
    let rows = [["a", "b"], ["1", "2"]]
    #expect(CSVDialect.plain.document(rows) == "a,b\n1,2\n")
    let excel = CSVDialect.excel.document(rows)
    #expect(Array(excel.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(excel == "\u{FEFF}a;b\r\n1;2\r\n")
  }

  /// The Excel table holds the plain table's cells, row by row.
  @Test func theExcelTableIsThePlainTableRespelled() throws {
    let run = try RunDataTests.wateringRun()
    let plain = RunTable.csv(recorder: run.recorder, board: run.board)
    let excel = RunTable.csv(recorder: run.recorder, board: run.board, dialect: .excel)
    #expect(excel.hasPrefix("\u{FEFF}time_ms;clock;soil_moisture;"))
    let plainRows = plain.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    let excelRows = excel.dropFirst().components(separatedBy: "\r\n").dropLast().map {
      $0.split(separator: ";", omittingEmptySubsequences: false)
    }
    #expect(plainRows.count > 100)
    #expect(plainRows == excelRows)
    #expect(!excel.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
  }
}
