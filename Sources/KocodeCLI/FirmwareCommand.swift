import Foundation
import KocodeBoard
import KocodeFirmware
import KocodeSupport

/// `kocode firmware build [--board B]`: builds the board's VM firmware with
/// avr-gcc and prints its sizes beside the board's budgets.
/// `kocode firmware install [--board B] [--port PORT]`: builds it and writes
/// it to a board through avrdude (`FirmwareInstallCommand`).
enum FirmwareCommand {
  static let usage = "kocode firmware build|install [--board B] [--port PORT]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--board", "--port"], flags: [], text: context.text)
    switch arguments.positional {
    case ["build"] where arguments.value("--port") == nil:
      return try build(arguments, context)
    case ["install"]:
      return try FirmwareInstallCommand.run(arguments, context)
    default:
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
  }

  static func build(_ arguments: Arguments, _ context: Kocode.Context) throws(CommandFailure)
    -> ExitCode
  {
    let catalog = try context.catalog()
    let board = try context.board(arguments.value("--board"))
    let build = try FirmwareSupport.build(board, catalog: catalog, context: context)
    let size = build.size
    context.console.say(
      Localized(
        fr: "Micrologiciel pour \(board.name) : \(build.elf.path)\n"
          + "  flash \(size.flash) octets, RAM statique \(size.staticRAM) octets",
        en: "Firmware for \(board.name): \(build.elf.path)\n"
          + "  flash \(size.flash) bytes, static RAM \(size.staticRAM) bytes"),
      toOutput: true)
    return .success
  }
}

/// Building the firmware and starting virtual boards, shared by commands.
enum FirmwareSupport {
  static func build(
    _ board: BoardDefinition, catalog: BoardCatalog, context: Kocode.Context
  ) throws(CommandFailure) -> FirmwareBuilder.Build {
    let builder = FirmwareBuilder(
      projectRoot: FirmwareBuilder.projectRoot(of: catalog), board: board)
    do {
      return try builder.build()
    } catch {
      throw failure(error, context.text)
    }
  }

  /// The words for a firmware or virtual board problem.
  static func failure(_ error: FirmwareError, _ text: CLIText) -> CommandFailure {
    switch error {
    case .toolMissing(let tool):
      CommandFailure(.unavailable, text.toolMissing(tool))
    case .virtualBoardFailed, .virtualBoardTimeout, .portFailed:
      CommandFailure(.unavailable, text.virtualBoardFailed(String(describing: error)))
    case .cannotWrite(let path, _):
      CommandFailure(.ioError, text.cannotWrite(path))
    case .imageTooLarge(let bytes, let slot):
      CommandFailure(.dataError, text.imageTooLarge(bytes, slot))
    default:
      CommandFailure(.software, text.internalError(String(describing: error)))
    }
  }
}
