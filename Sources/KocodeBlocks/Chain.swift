/// One stack while it is being read: its blocks top to bottom, and where it
/// sits in the workspace (a top-level stack, or an input of a block).
///
/// Both readers add a block to its chain as soon as they meet it and give
/// each finished chain to its owner at the end, so a `next` chain becomes
/// an array without any recursion.
final class Chain {
  /// Where a chain sits.
  enum Place {
    /// The `index`th top-level stack.
    case top(index: Int)
    /// The input `name` of the block at `ownerIndex` in `owner`; `key` is
    /// the JSON key the first block came from (`block` or `shadow`).
    case input(name: String, key: String, owner: Chain, ownerIndex: Int, ownerBlock: Block)
  }

  private(set) var blocks: [Block] = []
  let place: Place
  /// How many blocks enclose this chain through inputs, plus one: the
  /// blocks of a top-level stack are at depth 1.
  let depth: Int
  /// The position of the chain as automatic ids spell it (`0.3.DO`), or
  /// nil when that would be longer than `readableLength`.
  private let readablePosition: String?
  /// A hash of the whole position, for automatic ids too long to spell.
  private let positionHash: UInt64

  /// The longest position spelled out in automatic ids. Without a bound,
  /// deep nesting or huge input names would make every id below them huge.
  private static let readableLength = 120

  init(_ place: Place) {
    self.place = place
    switch place {
    case .top(let index):
      depth = 1
      readablePosition = String(index)
      positionHash = Chain.hash(String(index), seed: Chain.hashSeed)
    case .input(let name, _, let owner, let ownerIndex, _):
      depth = owner.depth + 1
      let step = ".\(ownerIndex).\(name)"
      readablePosition = owner.readablePosition.flatMap {
        $0.utf8.count + step.utf8.count <= Chain.readableLength ? $0 + step : nil
      }
      positionHash = Chain.hash(step, seed: owner.positionHash)
    }
  }

  func append(_ block: Block) {
    blocks.append(block)
  }

  /// Drops the blocks from `count` on, to replace a shadow by a real block.
  func truncate(to count: Int) {
    blocks.removeSubrange(count...)
  }

  /// Hands the finished chain to its owner block; top-level chains are
  /// collected by the reader instead. An empty input stays absent.
  func attachToOwner() {
    guard case .input(let name, _, _, _, let ownerBlock) = place, !blocks.isEmpty else {
      return
    }
    ownerBlock.inputs[name] = blocks
  }

  // MARK: - Positions

  /// The id of a block that has none, made from its position: the top-level
  /// stack, then for each enclosing block its index and the input it uses,
  /// then its own index (`auto:0.3.DO.2`). Both readers make the same ids.
  /// A position too long to spell is replaced by its hash
  /// (`auto:~0123456789abcdef.2`).
  func automaticID(forIndex index: Int) -> String {
    guard let readablePosition else {
      let digits = String(positionHash, radix: 16)
      let hash = String(repeating: "0", count: 16 - digits.count) + digits
      return "auto:~\(hash).\(index)"
    }
    return "auto:\(readablePosition).\(index)"
  }

  /// FNV-1a, 64 bits: the same in every run, unlike Swift's `Hasher`.
  private static func hash(_ text: String, seed: UInt64) -> UInt64 {
    var hash = seed
    for byte in text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
    }
    return hash
  }

  private static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325

  /// The JSON path of the block at `index` (`blocks.blocks[0].inputs.DO.block`),
  /// for error messages. Long `next` runs are counted, not spelled out.
  func jsonPath(forIndex index: Int) -> String {
    var parts = [Chain.nextSteps(index)]
    var chain = self
    while case .input(let name, let key, let owner, let ownerIndex, _) = chain.place {
      parts.append(".inputs.\(name).\(key)")
      parts.append(Chain.nextSteps(ownerIndex))
      chain = owner
    }
    if case .top(let top) = chain.place { parts.append("blocks.blocks[\(top)]") }
    return parts.reversed().joined()
  }

  /// `.next.block` once per step down a stack; `.next.block×7` for seven.
  private static func nextSteps(_ count: Int) -> String {
    switch count {
    case 0: ""
    case 1: ".next.block"
    default: ".next.block×\(count)"
    }
  }
}
