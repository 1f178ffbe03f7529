import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeLink
import KocodeSupport

/// `kocode flash PROGRAM|IMAGE [--port PORT|auto] [--all] [--board B] [--seed N]`:
/// compile for the board that answers, upload, let the board verify and
/// start it, and say so only once the board reports the new program's CRC.
enum FlashCommand {
  static let usage = "kocode flash PROGRAM|IMAGE [--port PORT|auto] [--all] [--board B]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--port", "--board", "--seed"], flags: ["--all"],
      text: context.text)
    guard arguments.positional.count == 1 else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    if arguments.has("--all") && arguments.value("--port") != nil {
      throw CommandFailure(
        .usage,
        context.text.pick(
          "--all et --port ne vont pas ensemble", "--all and --port do not go together"))
    }
    var seed: UInt32 = 0
    if let value = arguments.value("--seed") {
      guard let number = UInt32(value), number != 0 else {
        throw CommandFailure(.usage, context.text.badSeed(value))
      }
      seed = number
    }
    let path = arguments.positional[0]
    let bytes = try context.readInput(path)
    let program = try Program(path: path, bytes: bytes, board: arguments.value("--board"), context)
    let choice = try PortChoice.choose(
      port: arguments.value("--port"), all: arguments.has("--all"), context: context)
    let boards = choice.boards
    let store = ImageStore(environment: context.environment)
    if boards.count == 1 && choice.unreachable.isEmpty {
      try flash(program, on: boards[0], seed: seed, store: store, context: context, bar: true)
      return .success
    }
    let failures = Locked([CommandFailure?](repeating: nil, count: boards.count))
    inParallel(boards.count) { index in
      do throws(CommandFailure) {
        try flash(
          program, on: boards[index], seed: seed, store: store, context: context, bar: false)
      } catch {
        context.console.error("\(boards[index].label): \(error.message)")
        failures.update { $0[index] = error }
      }
    }
    for failure in choice.unreachable { context.console.error(failure.message) }
    let failed = failures.value.compactMap { $0 } + choice.unreachable
    let total = boards.count + choice.unreachable.count
    context.console.say(
      Localized(
        fr: "\(total - failed.count) carte(s) sur \(total) programmée(s).",
        en: "\(total - failed.count) of \(total) board(s) flashed."))
    // The worst code (`cli.md`): the highest of the failures.
    return failed.map(\.code).max { $0.rawValue < $1.rawValue } ?? .success
  }

  /// The program to send: an image as read, or a block program compiled
  /// for each board type that answers.
  struct Program {
    let path: String
    let image: Image?
    let bytes: [UInt8]
    let boardName: String?

    init(path: String, bytes: [UInt8], board: String?, _ context: Kocode.Context)
      throws(CommandFailure)
    {
      self.path = path
      self.bytes = bytes
      boardName = board
      if bytes.starts(with: [0x4B, 0x43]) {
        do {
          image = try Image(fileBytes: bytes)
        } catch {
          throw CommandFailure(
            .dataError,
            context.text.pick(
              "\(path) n’est pas une image Kocode valide", "\(path) is not a valid Kocode image"))
        }
      } else {
        image = nil
        // Errors show before any port opens, whatever the board.
        if let board {
          _ = try BuildCommand.compile(path, board: try context.board(board), context: context)
        }
      }
    }

    func image(for boardID: UInt16, context: Kocode.Context) throws(CommandFailure) -> (
      Image, BoardDefinition
    ) {
      let definition: BoardDefinition
      if let boardName {
        definition = try context.board(boardName)
      } else {
        definition = try context.board(id: boardID)
      }
      if let image { return (image, definition) }
      let compilation = Compiler.compile(bytes, board: definition)
      guard let compiled = compilation.image else {
        DiagnosticText.print(compilation.diagnostics, file: path, to: context.console)
        throw CommandFailure(
          .dataError,
          DiagnosticText.summary(compilation.diagnostics).text(context.text.language))
      }
      return (compiled, definition)
    }
  }

  static func flash(
    _ program: Program, on board: PortChoice.Connected, seed: UInt32, store: ImageStore,
    context: Kocode.Context, bar: Bool
  ) throws(CommandFailure) {
    let client = board.client
    defer { client.session.transport.close() }
    let (image, _) = try program.image(for: client.info.boardID, context: context)
    let progress = ProgressBar(console: context.console, enabled: bar)
    let clock = ContinuousClock()
    let start = clock.now
    do {
      try client.flash(image) { sent, total in progress.show(sent, of: total) }
      if seed != 0 { _ = try client.run(seed: seed) }
    } catch let error as FlashError {
      progress.end()
      throw LinkText.failure(error, port: board.port, context.text)
    } catch let error as LinkError {
      progress.end()
      throw LinkText.failure(.interrupted(error), port: board.port, context.text)
    } catch {
      throw CommandFailure(.software, "\(error)")
    }
    progress.end()
    store.keep(image, source: program.image == nil ? program.bytes : nil)
    store.record(crc: image.linkCRC, file: program.path)
    let milliseconds = (clock.now - start).milliseconds
    context.console.say(
      Localized(
        fr: "\(board.label) : programme envoyé et vérifié (\(image.boardBytes.count) octets, "
          + "CRC \(BuildCommand.hex(image.linkCRC)), \(milliseconds) ms). Il tourne.",
        en: "\(board.label): program sent and verified (\(image.boardBytes.count) bytes, "
          + "CRC \(BuildCommand.hex(image.linkCRC)), \(milliseconds) ms). It is running."))
  }
}

/// A progress bar on standard error, when it is a terminal.
struct ProgressBar {
  let console: Console
  let enabled: Bool

  init(console: Console, enabled: Bool) {
    self.console = console
    self.enabled = enabled && isatty(STDERR_FILENO) == 1 && console.verbosity != .quiet
  }

  func show(_ done: Int, of total: Int) {
    guard enabled, total > 0 else { return }
    let width = 30
    let filled = done * width / total
    let bar =
      String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    console.problemInline("\r\(bar) \(done * 100 / total) %")
  }

  func end() {
    if enabled { console.problemInline("\r\u{1B}[K") }
  }
}
