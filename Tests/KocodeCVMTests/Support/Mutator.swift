import KocodeBytecode

/// Seeded damage to valid images: bytes changed, inserted, deleted or
/// moved, header counts changed, CRCs left stale. Most results are
/// refused; enough get deep into the verifier's pass to test each rule.
struct Mutator {
  var random: TestRandom

  init(seed: UInt64) { random = TestRandom(seed: seed) }

  /// Bytes that mean something somewhere: every opcode, small numbers,
  /// the ends of the byte.
  static let interesting: [UInt8] =
    Opcode.allCases.map(\.rawValue) + [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7F, 0x80, 0xFE, 0xFF]

  /// `image` after one to three mutations.
  mutating func damaged(_ image: Image) -> Image {
    var image = image
    for _ in 0...random.below(3) { mutate(&image) }
    return image
  }

  /// The board bytes of `image` after one to three mutations.
  mutating func mutate(_ image: Image) -> [UInt8] {
    var bytes = damaged(image).boardBytes
    // A few keep a stale CRC or a wrong length: the damage of a bad link.
    if random.chance(8) {
      let index = random.below(bytes.count)
      bytes[index] ^= UInt8(1 << random.below(8))
    } else if random.chance(3) {
      bytes.removeLast(min(bytes.count, 1 + random.below(4)))
    }
    return bytes
  }

  private mutating func mutate(_ image: inout Image) {
    var code = image.code
    let choice = random.below(100)
    switch choice {
    case 0..<30 where !code.isEmpty:
      code[random.below(code.count)] = random.byte()
    case 30..<52 where !code.isEmpty:
      code[random.below(code.count)] = Self.interesting[random.below(Self.interesting.count)]
    case 52..<62 where !code.isEmpty:
      code[random.below(code.count)] ^= UInt8(1 << random.below(8))
    case 62..<70:
      let at = random.below(code.count + 1)
      code.insert(contentsOf: (0...random.below(3)).map { _ in random.byte() }, at: at)
    case 70..<78 where !code.isEmpty:
      let at = random.below(code.count)
      code.removeSubrange(at..<min(code.count, at + 1 + random.below(3)))
    case 78..<84 where code.count > 2:
      // A piece of code copied over another: real instructions, wrong place.
      let from = random.below(code.count)
      let to = random.below(code.count)
      let length = min(1 + random.below(8), code.count - max(from, to))
      code.replaceSubrange(to..<to + length, with: code[from..<from + length])
    case 84..<88:
      code.removeLast(random.below(code.count + 1))
    case 88..<91:
      image.scriptCount = nudge(image.scriptCount)
    case 91..<94:
      image.globalCount = nudge(image.globalCount)
    case 94..<97:
      image.functionCount = nudge(image.functionCount)
    case 97..<99:
      let count = max(0, image.host.texts.count + random.below(5) - 2)
      image.host.texts = (0..<count).map { "text \($0)" }
    default:
      image.boardID = random.chance(50) ? 2 : random.byte()
    }
    image.code = code
  }

  private mutating func nudge(_ count: UInt8) -> UInt8 {
    random.chance(70) ? count &+ UInt8(truncatingIfNeeded: random.below(3) - 1) : random.byte()
  }

  /// Random bytes: mostly not even an image.
  mutating func garbage() -> [UInt8] {
    (0..<random.below(80)).map { _ in random.byte() }
  }

  /// Random code inside a correct header (magic, size, CRC), so that the
  /// pass itself sees it: random bytes or a soup of real instructions.
  mutating func wrappedGarbage() -> [UInt8] {
    let soup = random.chance(60)
    // Most start like code does, so that the pass gets past its first rule.
    var code: [UInt8] = random.chance(90) ? [0, 0, UInt8(random.below(3)), 8, 2] : []
    let length = random.below(soup ? 120 : 200)
    while code.count < length {
      guard soup else {
        code.append(random.byte())
        continue
      }
      let opcode = Opcode.allCases[random.below(Opcode.allCases.count)]
      if opcode == .function || random.chance(8) {
        // Headers with plausible fields: small counts, a known kind.
        code += [
          0, UInt8(random.below(3)), UInt8(random.below(3)), UInt8(random.below(12)),
          UInt8(random.below(4)),
        ]
        continue
      }
      code.append(opcode.rawValue)
      for _ in 1..<opcode.info.length {
        code.append(random.chance(70) ? UInt8(random.below(8)) : random.byte())
      }
    }
    if random.chance(50) { code.append(Opcode.end.rawValue) }
    let functions = code.count(where: { $0 == 0 })
    let image = Image(
      boardID: 1, scriptCount: UInt8(random.below(5)), globalCount: UInt8(random.below(6)),
      functionCount: UInt8(random.chance(50) ? random.below(6) : min(functions, 255)),
      code: code, host: HostSection(texts: (0..<random.below(4)).map { "t\($0)" }))
    return image.boardBytes
  }
}
