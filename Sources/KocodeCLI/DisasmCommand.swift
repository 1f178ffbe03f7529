import KocodeBoard
import KocodeBytecode
import KocodeSupport

/// `kocode disasm IMAGE.kbc`
enum DisasmCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(context.arguments, valued: [], flags: [], text: context.text)
    guard arguments.positional.count == 1 else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount("kocode disasm IMAGE.kbc"))
    }
    let path = arguments.positional[0]
    let (image, board) = try load(path, context: context)
    context.console.out(Disassembler.listing(image, limits: BoardLimits(board)))
    return .success
  }

  /// Reads and verifies an image for the board its header names; a corrupt
  /// or hostile image is refused with the reason.
  static func load(
    _ path: String, context: Kocode.Context, board name: String? = nil
  ) throws(CommandFailure) -> (Image, BoardDefinition) {
    let bytes = try context.readInput(path)
    let board = try name.map { name throws(CommandFailure) in try context.board(name) }
    return try verified(bytes, path: path, board: board, context: context)
  }

  /// Reads and verifies image bytes, for `board` or else for the board its
  /// header names.
  static func verified(
    _ bytes: [UInt8], path: String, board chosen: BoardDefinition?, context: Kocode.Context
  ) throws(CommandFailure) -> (Image, BoardDefinition) {
    let image: Image
    do {
      image = try Image(fileBytes: bytes)
    } catch {
      throw CommandFailure(.dataError, ImageText.describe(error, path: path, context.text))
    }
    let board: BoardDefinition
    if let chosen { board = chosen } else { board = try boardFor(image, context: context) }
    do {
      _ = try Verifier.verify(image, limits: BoardLimits(board))
    } catch {
      throw CommandFailure(.dataError, ImageText.describe(error, path: path, context.text))
    }
    return (image, board)
  }

  static func boardFor(
    _ image: Image, context: Kocode.Context
  ) throws(CommandFailure) -> BoardDefinition {
    let catalog = try context.catalog()
    for candidate in catalog.names() {
      if let board = try? catalog.load(candidate), board.id == Int(image.boardID) {
        return board
      }
    }
    throw CommandFailure(.dataError, context.text.noBoardWithID(Int(image.boardID)))
  }
}

/// Why an image was refused, in words.
enum ImageText {
  static func describe(_ error: ImageError, path: String, _ text: CLIText) -> String {
    let reason: String
    switch error {
    case .notAnImage:
      reason = text.pick(
        "ce n’est pas une image Kocode (.kbc)", "this is not a Kocode image (.kbc)")
    case .unsupportedVersion(let version):
      reason = text.pick(
        "format d’image \(version) inconnu : recompile le programme",
        "unknown image format \(version): compile the program again")
    case .truncated:
      reason = text.pick("l’image est coupée (incomplète)", "the image is cut short")
    case .badChecksum:
      reason = text.pick(
        "l’image est abîmée (CRC faux) : recompile le programme",
        "the image is damaged (wrong CRC): compile the program again")
    case .badHostSection:
      reason = text.pick(
        "la partie ordinateur de l’image est abîmée",
        "the computer part of the image is damaged")
    case .rejected(let offset, let detail):
      reason = text.pick(
        "l’image est refusée par le vérificateur à l’octet \(offset) : \(detail)",
        "the verifier refused the image at byte \(offset): \(detail)")
    case .wrongBoard(let expected, let actual):
      reason = text.pick(
        "l’image est pour la carte n° \(actual), pas pour la carte n° \(expected)",
        "the image is for board \(actual), not board \(expected)")
    case .tooLarge(let size, let limit):
      reason = text.pick(
        "l’image fait \(size) octets, la carte en garde \(limit)",
        "the image is \(size) bytes; the board holds \(limit)")
    }
    return "\(path): \(reason)"
  }
}
