import KocodeBlocks
import KocodeSupport

extension Checker.Session {
  // MARK: - File order

  /// Numbers every block in file order (pre-order: a block, then its
  /// inputs, then the next block of its stack) and warns about ids used
  /// twice. Disabled blocks count: they are in the file.
  func numberBlocks() {
    var reportedIDs: Set<String> = []
    var seenIDs: Set<String> = []
    // A work list, not recursion: inputs may nest a thousand levels deep.
    var work: [Block] = workspace.stacks.reversed().flatMap { $0.reversed() }
    while let block = work.popLast() {
      let key = ObjectIdentifier(block)
      guard fileOrder[key] == nil else { continue }
      fileOrder[key] = fileOrder.count
      if !seenIDs.insert(block.id).inserted, reportedIDs.insert(block.id).inserted {
        report(.duplicateID, block, Messages.duplicateID(id: block.id))
      }
      for name in Self.inputOrder(of: block).reversed() {
        work.append(contentsOf: (block.inputs[name] ?? []).reversed())
      }
    }
  }

  /// The names of a block's inputs in a fixed order that does not depend
  /// on the file format: numbered inputs by number (`IF0 DO0 IF1 DO1`),
  /// then the others in the order the block spec lists them, then by name.
  static func inputOrder(of block: Block) -> [String] {
    let stems = BlockCatalog.spec(for: block.type)?.inputs.map { split($0.name).stem } ?? []
    return block.inputs.keys.sorted { left, right in
      let (a, b) = (split(left), split(right))
      let rankA = stems.firstIndex(of: a.stem) ?? stems.count
      let rankB = stems.firstIndex(of: b.stem) ?? stems.count
      return (a.number ?? Int.max, rankA, left) < (b.number ?? Int.max, rankB, right)
    }
  }

  /// `IF12` → (`IF`, 12); `ELSE` → (`ELSE`, nil).
  static func split(_ name: String) -> (stem: String, number: Int?) {
    let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count < 10 else { return (name, nil) }
    return (String(name.dropLast(digits.count)), Int(String(digits.reversed())))
  }

  // MARK: - Scripts, definitions, orphans

  /// Sorts the top-level stacks into scripts, procedure definitions and
  /// orphans, and registers every definition before any body is walked.
  func collectTopLevel() {
    for stack in workspace.stacks {
      guard let first = stack.first else { continue }
      switch BlockCatalog.spec(for: first.type)?.shape {
      case .hat:
        if first.isEnabled {
          scripts.append(first)
          units.append(Checker.Unit(root: first, definition: nil))
        }
        noteOrphans(stack.dropFirst())
      case .definition:
        if first.isEnabled {
          units.append(Checker.Unit(root: first, definition: register(first)))
        } else if let name = first.fields["NAME"]?.text {
          disabledDefinitionNames.insert(name.lowercased())
        }
        noteOrphans(stack.dropFirst())
      default:
        noteOrphans(stack[...])
      }
    }
    if scripts.isEmpty {
      report(.nothingRuns, nil, Messages.nothingRuns())
    }
  }

  /// Adds an enabled definition; returns its index in `definitions`.
  func register(_ block: Block) -> Int {
    let name = block.fields["NAME"]?.text ?? ""
    let key = name.lowercased()
    let isDuplicate = definitionByName[key] != nil
    if isDuplicate {
      report(.duplicateProcedure, block, Messages.duplicateProcedure(name: name))
    } else {
      definitionByName[key] = definitions.count
    }
    let returns = block.type == "procedures_defreturn"
    definitions.append(
      Checker.Definition(
        block: block, name: name, parameters: block.mutation.parameters.map(\.name),
        parameterTerms: block.mutation.parameters.map { _ in types.fresh() },
        returnTerm: returns ? types.fresh() : nil, isDuplicate: isDuplicate))
    return definitions.count - 1
  }

  /// Top-level blocks that no hat runs: one warning on the first enabled
  /// one. They are not compiled, but an unknown block type among them is
  /// still an error (the file is not a Kocode program).
  func noteOrphans(_ blocks: ArraySlice<Block>) {
    guard let first = blocks.first(where: \.isEnabled) else { return }
    report(.orphanBlocks, first, Messages.orphanBlocks(block: displayName(first)))
    var work = Array(blocks.reversed())
    while let block = work.popLast() {
      guard block.isEnabled else { continue }
      guard BlockCatalog.spec(for: block.type) != nil else {
        report(.unknownBlock, block, Messages.unknownBlock(type: block.type))
        continue
      }
      for name in Self.inputOrder(of: block).reversed() {
        work.append(contentsOf: (block.inputs[name] ?? []).reversed())
      }
    }
  }

  // MARK: - Limits

  /// More enabled hats than the board runs at once: one error, on the
  /// first hat past the limit.
  func checkScriptCount() {
    let limit = board.limits.scripts
    guard scripts.count > limit else { return }
    report(
      .tooManyScripts, scripts[limit],
      Messages.tooManyScripts(count: scripts.count, limit: limit))
  }
}
