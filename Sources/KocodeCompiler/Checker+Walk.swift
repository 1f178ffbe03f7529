import KocodeBlocks
import KocodeSupport

extension Checker {
  /// What surrounds a block: the procedure whose body it is in, and
  /// whether a loop of the same script or body encloses it.
  struct Context {
    var definition: Int?
    var inLoop: Bool
  }

  /// Where a block was found.
  enum Place {
    /// At the top of a top-level stack.
    case root
    /// In a stack of statements.
    case statement
    /// In a value socket.
    case value
  }

  /// One step of a walk. A block is entered (its own checks, then its
  /// inputs are queued) and later exited, once every block inside it has
  /// been exited, so that its inputs' types are known.
  enum Step {
    case enter(Block, Place, Context)
    case exit(Block, BlockSpec, Context)
    case stack([Block], Context)
  }

  /// An input as a particular block has it.
  struct Socket {
    var input: InputSpec
    /// An empty value socket is `missing_input`.
    var isRequired: Bool
  }

  /// A call to an enabled procedure.
  struct CallSite {
    var block: Block
    /// The procedure whose body holds the call; nil in a script.
    var caller: Int?
    var callee: Int
  }

  enum CallResolution {
    case target(Int, argumentsMatch: Bool)
    case unknown
  }

  /// The most else-if branches read from a `controls_if` mutation, so that
  /// a hostile count cannot make the checker loop for ever; the reader
  /// limits nesting, not counts.
  static let maxElseIfBranches = 10_000
}

extension Checker.Session {
  /// Checks one script or procedure body, block by block, with a work
  /// list instead of recursion.
  func walk(_ unit: Checker.Unit) {
    let context = Checker.Context(definition: unit.definition, inLoop: false)
    var steps: [Checker.Step] = [.enter(unit.root, .root, context)]
    while let step = steps.popLast() {
      switch step {
      case .enter(let block, let place, let context): enter(block, place, context, &steps)
      case .exit(let block, let spec, let context): exit(block, spec, context)
      case .stack(let blocks, let context): stack(blocks, context, &steps)
      }
    }
  }

  /// The block's own checks; queues its exit, then its inputs.
  private func enter(
    _ block: Block, _ place: Checker.Place, _ context: Checker.Context,
    _ steps: inout [Checker.Step]
  ) {
    // A disabled block is skipped with everything in its inputs.
    guard block.isEnabled else { return }
    guard let spec = BlockCatalog.spec(for: block.type) else {
      report(.unknownBlock, block, Messages.unknownBlock(type: block.type))
      return
    }
    if let misplacement = Self.misplacement(of: spec.shape, at: place) {
      report(.misplacedBlock, block, Messages.misplacedBlock(block: spec.name, misplacement))
      return
    }
    if spec.mutator == .procedureCall, !resolveCall(block, spec, context) { return }
    checkFields(block, spec, context)
    checkSurroundings(block, spec, context)
    steps.append(.exit(block, spec, context))
    queueInputs(of: block, spec, context, &steps)
  }

  private func queueInputs(
    of block: Block, _ spec: BlockSpec, _ context: Checker.Context,
    _ steps: inout [Checker.Step]
  ) {
    var inner = context
    inner.inLoop = inner.inLoop || spec.isLoop
    for socket in sockets(of: block, spec, context).reversed() {
      let name = socket.input.name
      switch socket.input.kind {
      case .value:
        if let child = enabledValue(block, name) {
          steps.append(.enter(child, .value, context))
        } else if socket.isRequired {
          let message = Messages.missingInput(block: spec.name, expects: socket.input.accepts)
          report(.missingInput, block, message)
        }
      case .statement:
        steps.append(.stack(block.statements(name), inner))
      }
    }
  }

  /// Queues a stack's blocks; nothing may follow a block that never ends.
  private func stack(
    _ blocks: [Block], _ context: Checker.Context, _ steps: inout [Checker.Step]
  ) {
    var endless = false
    for block in blocks where block.isEnabled {
      if endless {
        let message = Messages.noBlockAfterForever(block: displayName(block))
        report(.noBlockAfterForever, block, message)
        break
      }
      endless = BlockCatalog.spec(for: block.type)?.allowsNext == false
    }
    for block in blocks.reversed() {
      steps.append(.enter(block, .statement, context))
    }
  }

  static func misplacement(of shape: BlockShape, at place: Checker.Place)
    -> Messages.Misplacement?
  {
    switch (shape, place) {
    case (.hat, .root), (.definition, .root), (.statement, .statement), (.value, .value): nil
    case (.hat, _), (.definition, _): .startInside
    case (.value, _): .valueInStack
    case (.statement, _): .statementInSocket
    }
  }

  /// The block in a value socket, unless it is missing or disabled (a
  /// disabled block in a socket leaves it empty, as in Blockly).
  func enabledValue(_ block: Block, _ name: String) -> Block? {
    guard let child = block.value(name), child.isEnabled else { return nil }
    return child
  }

  /// The inputs this block has, given its mutation and what it calls.
  func sockets(of block: Block, _ spec: BlockSpec, _ context: Checker.Context)
    -> [Checker.Socket]
  {
    let required = { (input: InputSpec) in
      Checker.Socket(input: input, isRequired: input.kind != .statement)
    }
    switch spec.mutator {
    case nil:
      return spec.inputs.map(required)
    case .ifElse:
      let branches = min(max(block.mutation.elseIfCount, 0), Checker.maxElseIfBranches)
      var inputs: [InputSpec] = []
      for branch in 0...branches {
        inputs += [.condition("IF\(branch)"), .stack("DO\(branch)")]
      }
      if block.mutation.hasElse { inputs.append(.stack("ELSE")) }
      return inputs.map(required)
    case .procedureDefinition:
      let hasStack = block.mutation.hasStatements
      return spec.inputs.filter { hasStack || $0.name != "STACK" }.map(required)
    case .procedureCall:
      return argumentSockets(of: block)
    case .ifReturn:
      var sockets = [required(.condition("CONDITION"))]
      if let definition = context.definition {
        if definitions[definition].returnTerm != nil {
          sockets.append(required(.anyValue("VALUE")))
        }
      } else {
        sockets.append(Checker.Socket(input: .anyValue("VALUE"), isRequired: false))
      }
      return sockets
    }
  }

  /// `ARG0`… of a call: required when the call matches its procedure;
  /// otherwise those present are still checked.
  private func argumentSockets(of block: Block) -> [Checker.Socket] {
    let count: Int
    var isRequired = false
    switch callResolutions[ObjectIdentifier(block)] {
    case .target(let callee, argumentsMatch: true)?:
      count = definitions[callee].parameters.count
      isRequired = true
    default:
      count = block.mutation.parameters.count
    }
    return (0..<count).map {
      Checker.Socket(input: .anyValue("ARG\($0)"), isRequired: isRequired)
    }
  }

  /// Finds the procedure a call block calls. False when the call is
  /// skipped (its procedure is disabled) and must not be walked further.
  private func resolveCall(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context)
    -> Bool
  {
    let name = block.mutation.name ?? ""
    let key = name.lowercased()
    if let callee = definitionByName[key] {
      let expected = definitions[callee].parameters.count
      let given = block.mutation.parameters.count
      if given != expected {
        let message = Messages.wrongArgumentCount(
          procedure: definitions[callee].name, expected: expected, got: given)
        report(.wrongArgumentCount, block, message)
      }
      calls.append(Checker.CallSite(block: block, caller: context.definition, callee: callee))
      callResolutions[ObjectIdentifier(block)] = .target(callee, argumentsMatch: given == expected)
      return true
    }
    if disabledDefinitionNames.contains(key) {
      report(.disabledProcedure, block, Messages.disabledProcedure(name: name))
      // Its value (0 or false) takes the type its place asks for.
      if spec.shape == .value {
        terms[ObjectIdentifier(block)] = types.fresh()
        valueBlocks.append(block)
      }
      return false
    }
    report(.unknownProcedure, block, Messages.unknownProcedure(name: name))
    callResolutions[ObjectIdentifier(block)] = .unknown
    return true
  }
}
