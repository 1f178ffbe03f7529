import KocodeBytecode

/// The integer arithmetic of `language.md` section 5, exactly as both VMs
/// compute it. Every function is total: it wraps or throws a runtime error,
/// and never traps. The C VM is compared against these results bit for bit.
public enum Arithmetic {
  /// `a + b`, wrapping modulo 2³².
  @inlinable public static func add(_ a: Int32, _ b: Int32) -> Int32 { a &+ b }

  /// `a - b`, wrapping modulo 2³².
  @inlinable public static func subtract(_ a: Int32, _ b: Int32) -> Int32 { a &- b }

  /// `a × b`, wrapping modulo 2³².
  @inlinable public static func multiply(_ a: Int32, _ b: Int32) -> Int32 { a &* b }

  /// `a / b` truncated toward zero; `INT_MIN / -1` wraps to `INT_MIN`.
  public static func divide(_ a: Int32, _ b: Int32) throws(RuntimeError) -> Int32 {
    guard b != 0 else { throw .divisionByZero }
    // The one quotient that does not fit in 32 bits: negate with wrapping.
    if b == -1 { return 0 &- a }
    return a / b
  }

  /// `a % b` with the sign of `a`; `INT_MIN % -1` is 0.
  public static func modulo(_ a: Int32, _ b: Int32) throws(RuntimeError) -> Int32 {
    guard b != 0 else { throw .divisionByZero }
    // Any number modulo -1 is 0, and `INT_MIN % -1` would trap in Swift and C.
    if b == -1 { return 0 }
    return a % b
  }

  /// `base` to the power `exponent`. For a non-negative exponent, the
  /// product of `exponent` copies of `base`, wrapping, computed by squaring
  /// (at most 31 rounds). For a negative one, the real result truncated
  /// toward zero: 1 for a base of 1, ±1 for -1, 0 for any other base, and
  /// `division_by_zero` for a base of 0.
  public static func power(_ base: Int32, _ exponent: Int32) throws(RuntimeError) -> Int32 {
    if exponent < 0 {
      switch base {
      case 0: throw .divisionByZero
      case 1: return 1
      case -1: return exponent & 1 == 0 ? 1 : -1
      default: return 0
      }
    }
    var result: Int32 = 1
    var square = base
    var remaining = exponent
    while remaining > 0 {
      if remaining & 1 == 1 { result = result &* square }
      remaining >>= 1
      if remaining > 0 { square = square &* square }
    }
    return result
  }

  /// The floor of the square root, with integers only; a negative argument
  /// is `negative_root`.
  public static func squareRoot(_ value: Int32) throws(RuntimeError) -> Int32 {
    guard value >= 0 else { throw .negativeRoot }
    var remainder = UInt32(value)
    var root: UInt32 = 0
    // Digit by digit in base 4: start at the highest power of 4 not above the value.
    var place: UInt32 = 1 << 30
    while place > remainder { place >>= 2 }
    while place != 0 {
      if remainder >= root + place {
        remainder -= root + place
        root = (root >> 1) + place
      } else {
        root >>= 1
      }
      place >>= 2
    }
    return Int32(root)
  }

  /// `|a|`; `ABS(INT_MIN)` wraps to `INT_MIN`.
  @inlinable public static func absolute(_ a: Int32) -> Int32 { a < 0 ? 0 &- a : a }

  /// `-a`; `NEG(INT_MIN)` wraps to `INT_MIN`.
  @inlinable public static func negate(_ a: Int32) -> Int32 { 0 &- a }

  /// `min(max(value, low), high)`: when `low > high`, the result is `high`.
  @inlinable public static func constrain(_ value: Int32, low: Int32, high: Int32) -> Int32 {
    min(max(value, low), high)
  }

  /// Arduino's `map`: `(v − a) × (d − c) / (b − a) + c`. The differences are
  /// exact in 64 bits, the product wraps modulo 2⁶⁴, the division truncates
  /// (`INT64_MIN / −1` stays `INT64_MIN`), the sum wraps, and the result is
  /// wrapped to 32 bits. `a = b` is `division_by_zero`.
  public static func map(
    _ value: Int32, fromLow: Int32, fromHigh: Int32, toLow: Int32, toHigh: Int32
  ) throws(RuntimeError) -> Int32 {
    guard fromLow != fromHigh else { throw .divisionByZero }
    let offset = Int64(value) - Int64(fromLow)
    let outputSpan = Int64(toHigh) - Int64(toLow)
    let inputSpan = Int64(fromHigh) - Int64(fromLow)
    let product = offset &* outputSpan
    // Dividing by -1 is a wrapping negation: the only 64-bit quotient that overflows.
    let quotient = inputSpan == -1 ? 0 &- product : product / inputSpan
    return Int32(truncatingIfNeeded: quotient &+ Int64(toLow))
  }

  /// Advances an xorshift32 state (13, 17, 5) and returns the new state. A
  /// state that is not 0 never becomes 0.
  @inlinable public static func advance(_ state: inout UInt32) -> UInt32 {
    state ^= state << 13
    state ^= state >> 17
    state ^= state << 5
    return state
  }

  /// `math_random_int(from, to)`: inclusive at both ends, in either order.
  /// Advances the state once, then maps it onto the span; a span of the
  /// whole 32-bit range reads the state as a signed number.
  public static func random(from: Int32, to: Int32, state: inout UInt32) -> Int32 {
    let low = min(from, to)
    let high = max(from, to)
    let drawn = advance(&state)
    let span = UInt32(bitPattern: high &- low) &+ 1
    if span == 0 { return Int32(bitPattern: drawn) }
    return low &+ Int32(bitPattern: drawn % span)
  }

  /// A wait's duration in microseconds: `count` units of `unitMS`
  /// milliseconds, computed in 64 bits, 0 when negative, saturated at
  /// `MAX_WAIT_MS` milliseconds.
  @inlinable public static func waitMicroseconds(_ count: Int32, unitMS: Int64) -> Int64 {
    let milliseconds = Int64(count) * unitMS
    if milliseconds <= 0 { return 0 }
    return min(milliseconds, Int64(VMConstant.maxWaitMs)) * 1000
  }
}
