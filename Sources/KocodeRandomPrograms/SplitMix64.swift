/// A small seeded random number generator (Steele, Lea and Flood's
/// splitmix64): the same seed gives the same stream on every platform,
/// which the system generator does not promise.
struct SplitMix64 {
  private(set) var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A number in `0..<count`; `count` must be positive.
  mutating func below(_ count: Int) -> Int {
    // The high half of a 128-bit product spreads the draw evenly enough.
    Int(next().multipliedFullWidth(by: UInt64(count)).high)
  }

  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// True `percent` times in a hundred.
  mutating func percent(_ percent: Int) -> Bool {
    below(100) < percent
  }

  mutating func pick<Element>(_ items: [Element]) -> Element {
    items[below(items.count)]
  }

  /// One of the choices, each as likely as its weight; weights of 0 never
  /// win. At least one weight must be positive.
  mutating func weighted<Choice>(_ choices: [(Choice, Int)]) -> Choice {
    let total = choices.reduce(0) { $0 + max(0, $1.1) }
    var draw = below(total)
    for (choice, weight) in choices where weight > 0 {
      if draw < weight { return choice }
      draw -= weight
    }
    return choices.last { $0.1 > 0 }!.0
  }
}
