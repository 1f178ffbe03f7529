import KocodeBlocks
import KocodeSupport

extension Checker.Session {
  /// Checks every field the block spec lists against its allowed values,
  /// and binds variable fields.
  func checkFields(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context) {
    for field in spec.fields {
      let text = block.fields[field.name]?.text ?? ""
      switch field.kind {
      case .options(let options, let unsupported):
        checkOption(block, spec, text, options.map(\.value), unsupported: unsupported)
      case .board(let choice):
        checkBoardChoice(block, spec, text, choice)
      case .integer:
        checkInteger(block, spec, text)
      case .variable(let use):
        if bindVariable(block, use: use, definition: context.definition) == nil {
          report(
            .invalidField, block, Messages.invalidField(block: spec.name, value: "", options: []))
        }
      case .text, .procedureName:
        break
      }
    }
  }

  private func checkOption(
    _ block: Block, _ spec: BlockSpec, _ value: String, _ options: [String],
    unsupported: [String]
  ) {
    if options.contains(value) { return }
    if unsupported.contains(value) {
      let what = Messages.Unsupported.operation(value, supported: options)
      let message = Messages.unsupportedOnBoard(block: spec.name, board: boardTitle, what)
      report(.unsupportedOnBoard, block, message)
    } else {
      report(
        .invalidField, block,
        Messages.invalidField(block: spec.name, value: value, options: options))
    }
  }

  private func checkBoardChoice(
    _ block: Block, _ spec: BlockSpec, _ value: String, _ choice: BoardChoice
  ) {
    let options = choice.options(on: board)
    if options.contains(value) { return }
    if choice.isPin {
      let message = Messages.pinNotAvailable(block: spec.name, pin: value, available: options)
      report(.pinNotAvailable, block, message)
    } else if value.isEmpty {
      let message = Messages.invalidField(block: spec.name, value: value, options: options)
      report(.invalidField, block, message)
    } else {
      let what = Messages.Unsupported.led(value, available: options)
      let message = Messages.unsupportedOnBoard(block: spec.name, board: boardTitle, what)
      report(.unsupportedOnBoard, block, message)
    }
  }

  private func checkInteger(_ block: Block, _ spec: BlockSpec, _ text: String) {
    switch Checker.NumberLiteral.read(text) {
    case .integer(let value):
      numbers[ObjectIdentifier(block)] = value
    case .fraction:
      report(.notAnInteger, block, Messages.notAnInteger(number: text))
    case .outOfRange:
      report(.numberOutOfRange, block, Messages.numberOutOfRange(number: text))
    case .invalid:
      report(
        .invalidField, block, Messages.invalidField(block: spec.name, value: text, options: []))
    }
  }

  /// What the block needs around it: a loop, a procedure, a board feature.
  func checkSurroundings(_ block: Block, _ spec: BlockSpec, _ context: Checker.Context) {
    switch spec.enclosure {
    case .loop where !context.inLoop:
      report(.notInLoop, block, Messages.notInLoop(block: spec.name))
    case .procedure where context.definition == nil:
      report(.notInProcedure, block, Messages.notInProcedure(block: spec.name))
    default:
      break
    }
    let missing: Messages.Unsupported?
    switch spec.requires {
    case .sensor(let name): missing = board.sensors[name] == nil ? .sensor : nil
    case .output(let name): missing = board.outputIndex(named: name) == nil ? .output : nil
    case nil: missing = nil
    }
    if let missing {
      let message = Messages.unsupportedOnBoard(block: spec.name, board: boardTitle, missing)
      report(.unsupportedOnBoard, block, message)
    }
  }
}
