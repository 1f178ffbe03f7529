import Foundation
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeRandomPrograms

/// Valid images to start from, and what each verifier says of bytes.
enum ImageSources {
  /// The golden programs, compiled for the Uno.
  static let golden: [Image] = GoldenTraceTests.names.compactMap { name in
    let file = GoldenTraceTests.folder.appendingPathComponent("\(name).json")
    guard let source = FileManager.default.contents(atPath: file.path) else { return nil }
    return Compiler.compile(Array(source), board: Fixtures.board).image
  }

  /// Random programs that compile and verify: a corpus with every opcode.
  static func random(count: Int, seed: UInt64) -> [Image] {
    var generator = RandomProgramGenerator(seed: seed)
    var images: [Image] = []
    while images.count < count {
      let program = generator.next()
      if let image = Compiler.compile(Array(program.json.utf8), board: Fixtures.board).image {
        images.append(image)
      }
    }
    return images
  }

  /// The Swift verifier's word on bytes a board stores (header and code):
  /// `Image(fileBytes:)`'s checks of the board part, the text count from
  /// the header, then `Verifier.verify`. Returns nil when accepted.
  static func swiftVerdict(_ bytes: [UInt8]) -> ImageError? {
    guard bytes.count >= 14, bytes[0] == 0x4B, bytes[1] == 0x43 else { return .notAnImage }
    guard Int(bytes[2]) == VMConstant.formatVersion else {
      return .unsupportedVersion(Int(bytes[2]))
    }
    let codeSize = Int(bytes[4]) | Int(bytes[5]) << 8
    guard bytes.count == 14 + codeSize else { return .truncated }
    let code = Array(bytes[14...])
    let stored =
      UInt32(bytes[10]) | UInt32(bytes[11]) << 8 | UInt32(bytes[12]) << 16
      | UInt32(bytes[13]) << 24
    let computed = CRC32.checksum(code, start: CRC32.checksum(bytes[0..<10]))
    guard stored == computed else { return .badChecksum(expected: stored, actual: computed) }
    let image = Image(
      boardID: bytes[3], scriptCount: bytes[6], globalCount: bytes[7], functionCount: bytes[8],
      code: code, host: HostSection(texts: Array(repeating: "", count: Int(bytes[9]))))
    do {
      _ = try Verifier.verify(image, limits: Fixtures.limits)
      return nil
    } catch {
      return error
    }
  }

  /// Whether the C verifier's answer is the Swift verifier's: the same
  /// acceptance, the same kind of problem and, for problems in the code,
  /// the same offset. Returns a description of the difference, or nil.
  static func disagreement(_ bytes: [UInt8]) -> String? {
    let swift = swiftVerdict(bytes)
    let c = CVerifier.verify(bytes, board: Fixtures.board)
    let agrees: Bool
    switch swift {
    case nil: agrees = c.code == 0
    case .notAnImage: agrees = c.code == 1
    case .unsupportedVersion: agrees = c.code == 2
    case .truncated: agrees = c.code == 3
    case .badChecksum: agrees = c.code == 4
    case .wrongBoard: agrees = c.code == 10
    case .tooLarge: agrees = c.code == 11
    case .rejected(let offset, _): agrees = c.code >= 12 && c.offset == offset
    case .badHostSection: agrees = false
    }
    guard !agrees else { return nil }
    let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
    return "Swift: \(String(describing: swift)), C: \(c.code) at \(c.offset)\n\(hex)"
  }
}

/// A seeded xorshift64* stream for the tests' own random choices.
struct TestRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }

  /// A number in `0..<bound`.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

  mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 32) }

  mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
