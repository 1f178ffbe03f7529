/// How a CSV file is spelled. The plain dialect is what scripts and most
/// programs read; the Excel dialect is what a spreadsheet set up in French
/// opens with a double click, without an import dialog
/// (`docs/decisions.md`, "CSV for spreadsheets").
public struct CSVDialect: Sendable, Equatable {
  /// Between two cells.
  public var separator: Character
  /// Between the whole part and the decimals of a number.
  public var decimalSeparator: Character
  /// Starts the file with U+FEFF, so that Excel reads it as UTF-8 (without
  /// it, « humidité » shows as « humiditÃ© »).
  public var byteOrderMark: Bool
  /// After every row, the last one included.
  public var lineEnd: String

  public init(
    separator: Character, decimalSeparator: Character, byteOrderMark: Bool, lineEnd: String
  ) {
    self.separator = separator
    self.decimalSeparator = decimalSeparator
    self.byteOrderMark = byteOrderMark
    self.lineEnd = lineEnd
  }

  /// RFC 4180 cells with the point for decimals and Unix line ends: `--csv`.
  public static let plain = CSVDialect(
    separator: ",", decimalSeparator: ".", byteOrderMark: false, lineEnd: "\n")

  /// Semicolons, decimal comma, byte-order mark and CRLF: `--csv-excel`.
  /// A French Excel takes the comma for decimals, so it splits cells on
  /// the semicolon, its list separator.
  public static let excel = CSVDialect(
    separator: ";", decimalSeparator: ",", byteOrderMark: true, lineEnd: "\r\n")

  /// One cell, quoted when it holds the separator, a quote or a line break.
  public func cell(_ text: String) -> String {
    let needsQuotes = text.contains {
      $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
    }
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A number with `decimals` digits after the separator (none for 0),
  /// rounded to the nearest.
  public func number(_ value: Double, decimals: Int) -> String {
    let scale = (0..<max(decimals, 0)).reduce(1.0) { product, _ in product * 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled.isFinite, scaled < 1e17 else { return String(value) }
    let digits = String(Int64(scaled))
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + digits }
    let padded = String(repeating: "0", count: max(decimals + 1 - digits.count, 0)) + digits
    let point = padded.index(padded.endIndex, offsetBy: -decimals)
    return sign + padded[..<point] + String(decimalSeparator) + padded[point...]
  }

  /// The rows as one file: cells joined by the separator, each row ended.
  /// Cells must already be written by `cell(_:)` where they may need quotes.
  public func document(_ rows: [[String]]) -> String {
    var text = byteOrderMark ? "\u{FEFF}" : ""
    for row in rows {
      text += row.joined(separator: String(separator)) + lineEnd
    }
    return text
  }
}
