/// Turns a parsed JSON document into a `Workspace`.
///
/// Blocks are visited from an explicit work list, never by recursion: a
/// block's inputs are read before the block under it, so blocks are met in
/// file order, and each is added to its stack's `Chain` as it is met.
struct JSONWorkspaceBuilder {
  let document: JSONDocument
  /// Blocks still to read, the next one last.
  private var work: [PendingBlock] = []
  /// Every input chain, in the order met, to hand to its owner at the end.
  private var inputChains: [Chain] = []

  /// A block to read and the stack it belongs to.
  private struct PendingBlock {
    let node: Int
    let chain: Chain
    let isShadow: Bool
  }

  /// A block's place, from which its path is made when an error needs it.
  struct BlockPosition {
    let chain: Chain
    let index: Int

    var path: String { chain.jsonPath(forIndex: index) }
  }

  static func build(_ document: JSONDocument) throws(MalformedProgram) -> Workspace {
    var builder = JSONWorkspaceBuilder(document: document)
    return try builder.build()
  }

  private mutating func build() throws(MalformedProgram) -> Workspace {
    let root = document.root
    try expect(root, is: .object, what: "the workspace", expected: "an object")
    var workspace = Workspace()
    if let variables = document.member("variables", of: root) {
      workspace.variables = try readVariables(variables)
    }
    let stacks = try queueTopLevelStacks()

    while let pending = work.popLast() {
      try readBlock(pending)
    }

    for chain in inputChains {
      chain.attachToOwner()
    }
    workspace.stacks = stacks.map(\.blocks)
    return workspace
  }

  // MARK: - Stacks

  /// Queues the first block of each top-level stack and returns the stacks.
  private mutating func queueTopLevelStacks() throws(MalformedProgram) -> [Chain] {
    guard let blocks = document.member("blocks", of: document.root) else { return [] }
    try expect(blocks, is: .object, what: "blocks", expected: "an object")
    guard let list = document.member("blocks", of: blocks) else { return [] }
    try expect(list, is: .array, what: "blocks.blocks", expected: "an array")

    let firstBlocks = document[list].children
    let stacks = firstBlocks.indices.map { Chain(.top(index: $0)) }
    for (node, chain) in zip(firstBlocks, stacks).reversed() {
      work.append(PendingBlock(node: node, chain: chain, isShadow: false))
    }
    return stacks
  }

  /// Reads one block, adds it to its chain, and queues the block under it
  /// and then the blocks in its inputs, so that the inputs come first.
  private mutating func readBlock(_ pending: PendingBlock) throws(MalformedProgram) {
    let node = pending.node
    let position = BlockPosition(chain: pending.chain, index: pending.chain.blocks.count)
    try expect(node, is: .object, what: position.path, expected: "a block object")
    let type = try requiredString("type", of: node, what: position.path)
    let id = try optionalString("id", of: node, what: position.path).flatMap {
      $0.isEmpty ? nil : $0
    }
    let block = Block(
      id: id ?? position.chain.automaticID(forIndex: position.index), type: type,
      isShadow: pending.isShadow, line: document[node].line, column: document[node].column)
    try readDetails(of: block, from: node, at: position)
    pending.chain.append(block)

    try queueNext(of: node, chain: pending.chain, at: position)
    try queueInputs(of: node, block: block, at: position)
  }

  private mutating func queueNext(of node: Int, chain: Chain, at position: BlockPosition)
    throws(MalformedProgram)
  {
    guard let next = document.member("next", of: node) else { return }
    try expect(next, is: .object, what: position.path + ".next", expected: "an object")
    guard let child = connectedBlock(next) else { return }
    work.append(PendingBlock(node: child.node, chain: chain, isShadow: child.isShadow))
  }

  private mutating func queueInputs(of node: Int, block: Block, at position: BlockPosition)
    throws(MalformedProgram)
  {
    guard let inputs = document.member("inputs", of: node) else { return }
    try expect(inputs, is: .object, what: position.path + ".inputs", expected: "an object")
    var queued: [PendingBlock] = []
    for (name, input) in document.members(of: inputs) {
      let what = position.path + ".inputs." + name
      try expect(input, is: .object, what: what, expected: "an object")
      guard let child = connectedBlock(input) else { continue }
      guard position.chain.depth < WorkspaceReader.maxDepth else {
        throw tooDeep(at: child.node)
      }
      let place = Chain.Place.input(
        name: name, key: child.key, owner: position.chain, ownerIndex: position.index,
        ownerBlock: block)
      let chain = Chain(place)
      inputChains.append(chain)
      queued.append(PendingBlock(node: child.node, chain: chain, isShadow: child.isShadow))
    }
    work.append(contentsOf: queued.reversed())
  }

  /// The block plugged into a connection (`{"block"?, "shadow"?}`): the
  /// real block wins over the shadow.
  private func connectedBlock(_ connection: Int) -> (node: Int, key: String, isShadow: Bool)? {
    if let block = document.member("block", of: connection) { return (block, "block", false) }
    if let shadow = document.member("shadow", of: connection) { return (shadow, "shadow", true) }
    return nil
  }

  // MARK: - Variables

  private func readVariables(_ list: Int) throws(MalformedProgram) -> [Variable] {
    try expect(list, is: .array, what: "variables", expected: "an array")
    var variables: [Variable] = []
    for (index, node) in document[list].children.enumerated() {
      let what = "variables[\(index)]"
      try expect(node, is: .object, what: what, expected: "an object")
      let name = try requiredString("name", of: node, what: what)
      let id = try optionalString("id", of: node, what: what)
      let type = try optionalString("type", of: node, what: what)
      // Variables without an id get one from their place, as blocks do.
      let someID = id.flatMap { $0.isEmpty ? nil : $0 } ?? "auto:variable.\(index)"
      variables.append(Variable(id: someID, name: name, type: type ?? ""))
    }
    return variables
  }

  // MARK: - Checks

  /// Throws a shape error unless `node` is of `kind`.
  func expect(_ node: Int, is kind: JSONDocument.Kind, what: String, expected: String)
    throws(MalformedProgram)
  {
    guard document[node].kind != kind else { return }
    throw shapeError(what, expected: expected, at: node)
  }

  /// The string member `key` of `object`, which must be there.
  func requiredString(_ key: String, of object: Int, what: String)
    throws(MalformedProgram) -> String
  {
    guard let text = try optionalString(key, of: object, what: what) else {
      throw shapeError(what + "." + key, expected: "a string", at: object)
    }
    return text
  }

  /// The string member `key` of `object`, if there.
  func optionalString(_ key: String, of object: Int, what: String)
    throws(MalformedProgram) -> String?
  {
    guard let value = document.member(key, of: object) else { return nil }
    try expect(value, is: .string, what: what + "." + key, expected: "a string")
    return document[value].text
  }

  func shapeError(_ what: String, expected: String, at node: Int) -> MalformedProgram {
    MalformedProgram(
      .shape(what: what, expected: expected),
      line: document[node].line, column: document[node].column)
  }

  private func tooDeep(at node: Int) -> MalformedProgram {
    MalformedProgram(
      .tooDeep(limit: WorkspaceReader.maxDepth),
      line: document[node].line, column: document[node].column)
  }
}
