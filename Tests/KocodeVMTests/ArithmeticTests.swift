import KocodeBytecode
import KocodeVM
import Testing

/// `language.md` section 5, edge by edge.
@Suite struct ArithmeticTests {
  let intMin = Int32.min
  let intMax = Int32.max

  @Test func addSubtractMultiplyWrap() {
    #expect(Arithmetic.add(intMax, 1) == intMin)
    #expect(Arithmetic.subtract(intMin, 1) == intMax)
    #expect(Arithmetic.multiply(65536, 65536) == 0)
    #expect(Arithmetic.multiply(intMin, -1) == intMin)
  }

  @Test func divisionTruncatesTowardZero() throws {
    #expect(try Arithmetic.divide(7, 2) == 3)
    #expect(try Arithmetic.divide(-7, 2) == -3)
    #expect(try Arithmetic.divide(7, -2) == -3)
    #expect(try Arithmetic.divide(-7, -2) == 3)
    #expect(try Arithmetic.divide(intMin, -1) == intMin)
    #expect(try Arithmetic.divide(intMin, 1) == intMin)
    #expect(throws: RuntimeError.divisionByZero) { try Arithmetic.divide(1, 0) }
    #expect(throws: RuntimeError.divisionByZero) { try Arithmetic.divide(0, 0) }
  }

  @Test func moduloTakesTheSignOfTheDividend() throws {
    #expect(try Arithmetic.modulo(7, 3) == 1)
    #expect(try Arithmetic.modulo(-7, 3) == -1)
    #expect(try Arithmetic.modulo(7, -3) == 1)
    #expect(try Arithmetic.modulo(-7, -3) == -1)
    #expect(try Arithmetic.modulo(intMin, -1) == 0)
    #expect(try Arithmetic.modulo(intMin, intMax) == -1)
    #expect(throws: RuntimeError.divisionByZero) { try Arithmetic.modulo(5, 0) }
  }

  @Test func powerWithNonNegativeExponents() throws {
    #expect(try Arithmetic.power(2, 10) == 1024)
    #expect(try Arithmetic.power(2, 31) == intMin)
    #expect(try Arithmetic.power(2, 32) == 0)
    #expect(try Arithmetic.power(-2, 31) == intMin)
    #expect(try Arithmetic.power(-3, 5) == -243)
    #expect(try Arithmetic.power(3, 40) == 689_956_897)
    #expect(try Arithmetic.power(7, 13) == -1_895_237_401)
    #expect(try Arithmetic.power(0, 0) == 1)
    #expect(try Arithmetic.power(0, 5) == 0)
    #expect(try Arithmetic.power(intMin, 0) == 1)
    #expect(try Arithmetic.power(1, intMax) == 1)
    #expect(try Arithmetic.power(-1, intMax) == -1)
  }

  @Test func powerMatchesRepeatedMultiplication() throws {
    for base: Int32 in [-7, -2, -1, 0, 1, 2, 3, 10, 12345, intMax, intMin] {
      var product: Int32 = 1
      for exponent: Int32 in 0...70 {
        #expect(try Arithmetic.power(base, exponent) == product)
        product = product &* base
      }
    }
  }

  @Test func powerWithNegativeExponents() throws {
    #expect(try Arithmetic.power(1, -5) == 1)
    #expect(try Arithmetic.power(-1, -3) == -1)
    #expect(try Arithmetic.power(-1, -2) == 1)
    #expect(try Arithmetic.power(-1, intMin) == 1)
    #expect(try Arithmetic.power(2, -1) == 0)
    #expect(try Arithmetic.power(-2, -1) == 0)
    #expect(try Arithmetic.power(intMin, -1) == 0)
    #expect(throws: RuntimeError.divisionByZero) { try Arithmetic.power(0, -1) }
    #expect(throws: RuntimeError.divisionByZero) { try Arithmetic.power(0, intMin) }
  }

  @Test func squareRootIsTheFloor() throws {
    let cases: [(Int32, Int32)] = [
      (0, 0), (1, 1), (2, 1), (3, 1), (4, 2), (15, 3), (16, 4), (17, 4),
      (99, 9), (100, 10), (2_147_395_599, 46339), (2_147_395_600, 46340), (intMax, 46340),
    ]
    for (value, root) in cases {
      #expect(try Arithmetic.squareRoot(value) == root)
    }
    #expect(throws: RuntimeError.negativeRoot) { try Arithmetic.squareRoot(-1) }
    #expect(throws: RuntimeError.negativeRoot) { try Arithmetic.squareRoot(intMin) }
  }

  @Test func squareRootAgreesWithItsDefinition() throws {
    var value: Int64 = 0
    while value <= Int64(intMax) {
      let root = Int64(try Arithmetic.squareRoot(Int32(value)))
      #expect(root * root <= value && (root + 1) * (root + 1) > value)
      value = value * 3 / 2 + 1
    }
  }

  @Test func absoluteAndNegateWrapAtIntMin() {
    #expect(Arithmetic.absolute(-5) == 5)
    #expect(Arithmetic.absolute(5) == 5)
    #expect(Arithmetic.absolute(intMin) == intMin)
    #expect(Arithmetic.negate(intMin) == intMin)
    #expect(Arithmetic.negate(intMax) == intMin + 1)
  }

  @Test func constrainIsMinOfMax() {
    #expect(Arithmetic.constrain(5, low: 0, high: 10) == 5)
    #expect(Arithmetic.constrain(-5, low: 0, high: 10) == 0)
    #expect(Arithmetic.constrain(50, low: 0, high: 10) == 10)
    // low above high: min(max(v, low), high) is high.
    #expect(Arithmetic.constrain(5, low: 10, high: 0) == 0)
  }

  @Test func mapIsArduinosMapIn64Bits() throws {
    #expect(try Arithmetic.map(5, fromLow: 0, fromHigh: 10, toLow: 0, toHigh: 100) == 50)
    #expect(try Arithmetic.map(-5, fromLow: 0, fromHigh: 10, toLow: 0, toHigh: 3) == -1)
    #expect(try Arithmetic.map(455, fromLow: 620, fromHigh: 290, toLow: 0, toHigh: 100) == 50)
    #expect(try Arithmetic.map(intMax, fromLow: 0, fromHigh: 1, toLow: 0, toHigh: intMax) == 1)
    #expect(
      try Arithmetic.map(intMax, fromLow: intMin, fromHigh: intMax, toLow: intMin, toHigh: intMax)
        == 2_147_483_646)
    #expect(
      try Arithmetic.map(intMin, fromLow: intMax, fromHigh: intMin, toLow: 0, toHigh: intMax)
        == intMax)
    #expect(throws: RuntimeError.divisionByZero) {
      try Arithmetic.map(1, fromLow: 3, fromHigh: 3, toLow: 0, toHigh: 10)
    }
  }

  @Test func xorshiftFromSeedOne() {
    var state: UInt32 = 1
    let sequence = (0..<5).map { _ in Arithmetic.advance(&state) }
    #expect(sequence == [270_369, 67_634_689, 2_647_435_461, 307_599_695, 2_398_689_233])
  }

  @Test func randomDrawsInTheSpan() {
    var state: UInt32 = 1
    #expect(
      (0..<5).map { _ in Arithmetic.random(from: 1, to: 6, state: &state) } == [4, 2, 4, 6, 6])
    state = 1
    #expect((0..<3).map { _ in Arithmetic.random(from: -10, to: 10, state: &state) } == [5, 0, -4])
  }

  @Test func randomSwapsItsBounds() {
    var ordered: UInt32 = 7
    var swapped: UInt32 = 7
    for _ in 0..<100 {
      let value = Arithmetic.random(from: 6, to: 1, state: &swapped)
      #expect(value == Arithmetic.random(from: 1, to: 6, state: &ordered))
      #expect((1...6).contains(value))
    }
  }

  @Test func randomOverTheWholeRangeReadsTheState() {
    var state: UInt32 = 1
    #expect(Arithmetic.random(from: intMin, to: intMax, state: &state) == 270_369)
    var single: UInt32 = 1
    #expect(Arithmetic.random(from: 42, to: 42, state: &single) == 42)
    #expect(single == 270_369)
  }

  @Test func waitsSaturateAndNeverGoNegative() {
    #expect(Arithmetic.waitMicroseconds(-5, unitMS: 1000) == 0)
    #expect(Arithmetic.waitMicroseconds(0, unitMS: 1) == 0)
    #expect(Arithmetic.waitMicroseconds(1500, unitMS: 1) == 1_500_000)
    #expect(Arithmetic.waitMicroseconds(Int32.max, unitMS: 60_000) == 2_147_483_647_000)
    #expect(Arithmetic.waitMicroseconds(3_000_000, unitMS: 1000) == 2_147_483_647_000)
  }
}
