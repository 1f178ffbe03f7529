import KocodeBytecode
import KocodeCVM
import KocodeVM
import Testing

/// The edge cases of language.md section 5 through tiny images on the C
/// VM: the numbers written here, and the reference VM's.
@Suite struct ArithmeticEdgeTests {
  enum Expected: Sendable, CustomStringConvertible {
    case value(Int32)
    case error(RuntimeErrorCode)

    var description: String {
      switch self {
      case .value(let value): "\(value)"
      case .error(let code): code.name
      }
    }
  }

  static let min = Int32.min
  static let max = Int32.max

  /// An operation on pushed operands, and what it gives.
  static let cases: [(opcode: Opcode, operands: [Int32], expected: Expected)] = [
    (.div, [min, -1], .value(min)),
    (.div, [-7, 2], .value(-3)),
    (.div, [7, -2], .value(-3)),
    (.div, [1, 0], .error(.divisionByZero)),
    (.mod, [min, -1], .value(0)),
    (.mod, [-7, 3], .value(-1)),
    (.mod, [7, -3], .value(1)),
    (.mod, [-7, -3], .value(-1)),
    (.mod, [5, 0], .error(.divisionByZero)),
    (.pow, [2, -1], .value(0)),
    (.pow, [1, -5], .value(1)),
    (.pow, [-1, -3], .value(-1)),
    (.pow, [-1, -4], .value(1)),
    (.pow, [0, -1], .error(.divisionByZero)),
    (.pow, [0, 0], .value(1)),
    (.pow, [0, 5], .value(0)),
    (.pow, [2, 31], .value(min)),
    (.pow, [2, 32], .value(0)),
    (.pow, [3, 40], .value(689_956_897)),
    (.pow, [7, 13], .value(-1_895_237_401)),
    (.pow, [-2, 31], .value(min)),
    (.pow, [5, max], .value(Arithmetic.power5ToIntMax)),
    (.sqrt, [-1], .error(.negativeRoot)),
    (.sqrt, [min], .error(.negativeRoot)),
    (.sqrt, [max], .value(46_340)),
    (.sqrt, [15], .value(3)),
    (.sqrt, [16], .value(4)),
    (.sqrt, [0], .value(0)),
    (.neg, [min], .value(min)),
    (.abs, [min], .value(min)),
    (.abs, [-5], .value(5)),
    (.add, [max, 1], .value(min)),
    (.sub, [min, 1], .value(max)),
    (.mul, [65_536, 65_536], .value(0)),
    (.mul, [max, max], .value(1)),
    (.constrain, [5, 10, 1], .value(1)),
    (.constrain, [-5, 0, 100], .value(0)),
    (.map, [5, 3, 3, 0, 10], .error(.divisionByZero)),
    (.map, [5, 0, 10, 0, 100], .value(50)),
    (.map, [-1, 0, 3, 0, 10], .value(-3)),
    (.map, [7, 0, -1, 0, 10], .value(-70)),
    (.map, [max, min, min + 1, min, max], .value(-2_147_483_647)),
    (.map, [min, max, min, max, min], .value(-2_147_483_647)),
    (.map, [1000, -5, 2_000_000_000, -2_000_000_000, 2_000_000_000], .value(-1_999_997_991)),
    // Seed 42: the first xorshift32 draw is 11,355,432.
    (.random, [1, 10], .value(3)),
    (.random, [10, 1], .value(3)),
    (.random, [5, 5], .value(5)),
    (.random, [min, max], .value(11_355_432)),
    (.random, [max, min], .value(11_355_432)),
    (.random, [0, -1], .value(-1)),
  ]

  /// `operands` pushed, `opcode`, the result printed.
  static func image(_ opcode: Opcode, _ operands: [Int32]) -> Image {
    var assembler = TinyAssembler()
    assembler.function("main", need: 8)
    for operand in operands { assembler.push(operand) }
    assembler.block("operation")
    assembler.emit(opcode)
    assembler.block("print")
    assembler.emit(.printNum)
    assembler.emit(.end)
    return assembler.image
  }

  @Test(arguments: cases.indices)
  func edgeCase(_ index: Int) {
    let (opcode, operands, expected) = Self.cases[index]
    let image = Self.image(opcode, operands)
    let c = Fixtures.cRun(image, limitUS: 1_000_000, seed: 42)
    let reference = Fixtures.swiftRun(image, limitUS: 1_000_000, seed: 42)
    #expect(c == reference, "\(opcode.info.name) \(operands)")
    let wanted: String
    switch expected {
    case .value(let value): wanted = #""type":"print","text":"\#(value)""#
    case .error(let code): wanted = #""code":"\#(code.name)","block":"operation""#
    }
    #expect(c.lines.contains { $0.contains(wanted) }, "\(opcode.info.name) \(operands): \(c)")
  }

  /// Each draw advances the one state: the second draw of seed 42 is
  /// 2,836,018,348, so 1 + 2,836,018,348 % 10.
  @Test func drawsFollowOneAnother() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 8)
    for _ in 0..<2 {
      assembler.push(10)
      assembler.push(1)
      assembler.emit(.random)
      assembler.emit(.printNum)
    }
    assembler.emit(.end)
    let c = Fixtures.cRun(assembler.image, limitUS: 1_000_000, seed: 42)
    let prints = c.lines.filter { $0.contains(#""type":"print""#) }
    #expect(
      prints == [#"{"t":0,"type":"print","text":"3"}"#, #"{"t":0,"type":"print","text":"9"}"#])
    #expect(c == Fixtures.swiftRun(assembler.image, limitUS: 1_000_000, seed: 42))
  }

  /// A wait of more than MAX_WAIT_MS milliseconds waits MAX_WAIT_MS: the
  /// print after `wait INT_MAX minutes` comes at 2,147,483,647 ms.
  @Test func waitsSaturate() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 4)
    assembler.push(Self.max)
    assembler.emit(.waitMin)
    assembler.emit(.printText, "awake")
    assembler.emit(.end)
    let limit: Int64 = 30 * 24 * 3_600_000_000
    let c = Fixtures.cRun(assembler.image, limitUS: limit)
    #expect(c.lines.contains(#"{"t":2147483647,"type":"print","text":"awake"}"#), "\(c)")
    #expect(c == Fixtures.swiftRun(assembler.image, limitUS: limit))
  }

  /// `every` periods are exact 64-bit microseconds, not capped: a period of
  /// INT_MAX seconds, run to the longest limit.
  @Test func everyPeriodsAreNotCapped() {
    var assembler = TinyAssembler()
    assembler.function("main", need: 4)
    assembler.label("top")
    assembler.push(Self.max)
    assembler.emit(.everyBegin)
    assembler.emit(.printText, "tick")
    assembler.emit(.everyNext, "top")
    let limit = Int64.max
    let c = Fixtures.cRun(assembler.image, limitUS: limit)
    #expect(c == Fixtures.swiftRun(assembler.image, limitUS: limit))
    #expect(c.lines.count > 2000, "\(c.lines.count) lines")
    #expect(c.lines[2] == #"{"t":2147483647000,"type":"print","text":"tick"}"#)
  }
}

extension Arithmetic {
  /// 5 to the power INT_MAX, wrapping: 5 is odd, so its powers cycle with
  /// period 2^30 modulo 2^32; INT_MAX = 2^31 - 1, so 5^INT_MAX = 5^(2^30 - 1).
  static var power5ToIntMax: Int32 {
    var result: UInt32 = 1
    for _ in 0..<30 { result = result &* result &* 5 }
    return Int32(bitPattern: result)
  }
}
