import Foundation
import KocodeBytecode
import KocodeCVM
import Testing

/// The board's verifier (`kc_verify`) accepts and refuses exactly the
/// images the Swift verifier does, and names the same offset.
@Suite struct VerifierAgreementTests {
  /// Valid images to damage: the golden programs and random programs.
  static let corpus = ImageSources.golden + ImageSources.random(count: 150, seed: 0xC0DE)

  /// Checks `count` inputs from `make`, recording the first disagreements;
  /// returns how many each verifier accepted.
  func agree(_ count: Int, _ what: String, make: () -> [UInt8]) -> Int {
    var accepted = 0
    var disagreements = 0
    var codes: [Int: Int] = [:]
    for _ in 0..<count {
      let bytes = make()
      if let problem = ImageSources.disagreement(bytes) {
        disagreements += 1
        if disagreements <= 5 { Issue.record("\(what): \(problem)") }
      }
      let code = CVerifier.verify(bytes, board: Fixtures.board).code
      codes[code, default: 0] += 1
      if code == 0 { accepted += 1 }
    }
    let spread = codes.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
    print("\(what): \(count) checked, \(accepted) accepted, C codes \(spread)")
    #expect(disagreements == 0, "\(what): \(disagreements) disagreements")
    return accepted
  }

  @Test func everyValidImageIsAccepted() {
    #expect(Self.corpus.count > 150)
    for image in Self.corpus {
      let result = CVerifier.verify(image.boardBytes, board: Fixtures.board)
      #expect(result == CVerifier.Result(code: 0, offset: 0), "refused: \(result)")
      #expect(ImageSources.disagreement(image.boardBytes) == nil)
    }
  }

  @Test func mutationsGetTheSameVerdict() {
    var mutator = Mutator(seed: 20_000)
    let corpus = Self.corpus
    let accepted = agree(20_000, "mutations") {
      mutator.mutate(corpus[mutator.random.below(corpus.count)])
    }
    // Some damage leaves a valid program: both must run it (DifferentialTests).
    #expect(accepted > 100)
  }

  @Test func garbageGetsTheSameVerdict() {
    var mutator = Mutator(seed: 77)
    _ = agree(5_000, "garbage") { mutator.garbage() }
    _ = agree(20_000, "code in a correct header") { mutator.wrappedGarbage() }
  }

  @Test func headerProblemsHaveTheirOwnCodes() {
    let image = ImageSources.golden[0]
    let bytes = image.boardBytes
    #expect(CVerifier.verify(Array(bytes.prefix(13)), board: Fixtures.board).code == 1)
    var version = bytes
    version[2] = 2
    #expect(CVerifier.verify(version, board: Fixtures.board).code == 2)
    #expect(CVerifier.verify(bytes + [0], board: Fixtures.board).code == 3)
    var crc = bytes
    crc[10] ^= 1
    #expect(CVerifier.verify(crc, board: Fixtures.board).code == 4)
    var other = image
    other.boardID = 2
    #expect(CVerifier.verify(other.boardBytes, board: Fixtures.board).code == 10)
    var large = image
    large.code += Array(repeating: Opcode.end.rawValue, count: 480 - 14 - image.code.count + 1)
    #expect(CVerifier.verify(large.boardBytes, board: Fixtures.board).code == 11)
    var texts = image
    texts.host.texts = (0..<65).map { "text \($0)" }
    #expect(CVerifier.verify(texts.boardBytes, board: Fixtures.board).code == 14)
    for damaged in [large, texts] {
      #expect(ImageSources.disagreement(damaged.boardBytes) == nil)
    }
  }

  /// The board lends the verifier its stack slots: 120 slots are 480
  /// bytes, the code of the largest image the Uno takes is 466.
  @Test func theHeightTableFitsTheStackSlots() {
    #expect(Fixtures.board.limits.stackSlots * 4 >= Fixtures.board.limits.programBytes - 14)
  }
}
