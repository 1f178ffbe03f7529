extension Checker {
  /// A number field read exactly, as decimal text: no floating point, so
  /// `2147483647.0000000001` is a fraction and `1e3` the integer 1000.
  enum NumberLiteral: Equatable {
    case integer(Int32)
    /// A value with a non-zero fractional part (`not_an_integer`).
    case fraction
    /// A whole number outside 32 bits, or Blockly's `Infinity`.
    case outOfRange
    /// Not a number at all.
    case invalid

    /// The largest exponent kept; beyond it, any non-zero digit is out of
    /// range (or a fraction) anyway, and the sums below cannot overflow.
    private static let exponentLimit = 1_000_000

    /// Reads JavaScript's decimal number syntax: an optional sign, digits
    /// with an optional point, an optional exponent; spaces around.
    static func read(_ text: String) -> NumberLiteral {
      var bytes = Array(text.utf8)[...]
      while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
      while let last = bytes.last, isSpace(last) { bytes.removeLast() }
      var negative = false
      if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        negative = sign == UInt8(ascii: "-")
        bytes.removeFirst()
      }
      if bytes.elementsEqual("Infinity".utf8) { return .outOfRange }
      guard let (digits, point) = mantissa(&bytes), let exponent = exponent(&bytes),
        bytes.isEmpty
      else { return .invalid }
      return value(digits: digits, point: point + exponent, negative: negative)
    }

    /// The digits, and how many of them come before the point.
    private static func mantissa(_ bytes: inout ArraySlice<UInt8>) -> ([Int], Int)? {
      var digits: [Int] = []
      while let byte = bytes.first, let digit = digitValue(byte) {
        digits.append(digit)
        bytes.removeFirst()
      }
      let point = digits.count
      if bytes.first == UInt8(ascii: ".") {
        bytes.removeFirst()
        while let byte = bytes.first, let digit = digitValue(byte) {
          digits.append(digit)
          bytes.removeFirst()
        }
      }
      return digits.isEmpty ? nil : (digits, point)
    }

    /// The exponent after `e` or `E`, clamped; 0 without one.
    private static func exponent(_ bytes: inout ArraySlice<UInt8>) -> Int? {
      guard let mark = bytes.first, mark == UInt8(ascii: "e") || mark == UInt8(ascii: "E") else {
        return 0
      }
      bytes.removeFirst()
      var sign = 1
      if let byte = bytes.first, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
        sign = byte == UInt8(ascii: "-") ? -1 : 1
        bytes.removeFirst()
      }
      var magnitude = 0
      var sawDigit = false
      while let byte = bytes.first, let digit = digitValue(byte) {
        magnitude = min(magnitude * 10 + digit, exponentLimit)
        sawDigit = true
        bytes.removeFirst()
      }
      return sawDigit ? sign * magnitude : nil
    }

    /// `0.d1d2d3… × 10^point`, classified.
    private static func value(digits: [Int], point: Int, negative: Bool) -> NumberLiteral {
      guard let firstSignificant = digits.firstIndex(where: { $0 != 0 }) else {
        return .integer(0)
      }
      let fractionStart = min(max(point, 0), digits.count)
      if digits[fractionStart...].contains(where: { $0 != 0 }) { return .fraction }
      // Int32 has at most 10 digits; more can only be out of range.
      guard point - firstSignificant <= 10 else { return .outOfRange }
      var magnitude: Int64 = 0
      for position in firstSignificant..<point {
        magnitude = magnitude * 10 + Int64(position < digits.count ? digits[position] : 0)
      }
      let signed = negative ? -magnitude : magnitude
      guard let value = Int32(exactly: signed) else { return .outOfRange }
      return .integer(value)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte)
    }
  }
}
