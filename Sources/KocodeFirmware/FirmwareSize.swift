/// What `avr-size` says of a firmware: flash is text and initialised
/// data, static RAM is data and bss (board.md's budgets).
public struct FirmwareSize: Sendable, Equatable {
  public var text: Int
  public var data: Int
  public var bss: Int

  public init(text: Int, data: Int, bss: Int) {
    self.text = text
    self.data = data
    self.bss = bss
  }

  /// Bytes of flash the firmware takes.
  public var flash: Int { text + data }
  /// Bytes of RAM taken before the C stack: `.data` + `.bss`.
  public var staticRAM: Int { data + bss }

  /// Reads the Berkeley table `avr-size FILE.elf` prints: a header line,
  /// then `text data bss dec hex filename`.
  public static func parse(_ table: String) throws(FirmwareError) -> FirmwareSize {
    let lines = table.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace) }
    guard let header = lines.firstIndex(where: { $0.first == "text" }), header + 1 < lines.count
    else { throw .unreadableSize(table) }
    let numbers = lines[header + 1].prefix(3).compactMap { Int($0) }
    guard numbers.count == 3 else { throw .unreadableSize(table) }
    return FirmwareSize(text: numbers[0], data: numbers[1], bss: numbers[2])
  }
}
