import Foundation
import KocodeBoard
import KocodeFirmware
import KocodeLink
import KocodeSupport

/// `kocode firmware install [--board B] [--port PORT]`: builds the
/// firmware, writes it through the board's bootloader with avrdude, then
/// waits for the board to answer a Kocode hello. Success is claimed only
/// once the board has answered.
enum FirmwareInstallCommand {
  /// The bootloader waits about a second after the reset of the open, then
  /// the firmware starts.
  static let helloWait = Duration.seconds(8)

  static func run(_ arguments: Arguments, _ context: Kocode.Context) throws(CommandFailure)
    -> ExitCode
  {
    let text = context.text
    let catalog = try context.catalog()
    let board = try context.board(arguments.value("--board"))
    var port = arguments.value("--port") ?? ""
    if port.isEmpty { port = try onlyPort(context) }
    let build = try FirmwareSupport.build(board, catalog: catalog, context: context)
    context.console.say(text.installing(board.name, port: port))

    let installer = FirmwareInstaller(hex: build.hex, mcu: board.mcu, port: port)
    let report: FirmwareInstaller.Report
    do {
      report = try installer.install()
    } catch {
      throw failure(error, port: port, text)
    }
    context.console.detail(Localized(fr: report.output, en: report.output))
    context.console.say(text.written(seconds: report.duration))

    let info: BoardInfo
    do {
      let transport = try Transports.open(path: port, environment: context.environment)
      defer { transport.close() }
      info = try BoardClient(transport: transport, within: helloWait).info
    } catch {
      if case .noAnswer = error { throw CommandFailure(.unavailable, text.silentAfter(port)) }
      throw LinkText.failure(error, text)
    }
    guard Int(info.boardID) == board.id else {
      throw CommandFailure(.unavailable, text.otherBoardAfter(port, id: Int(info.boardID)))
    }
    context.console.say(text.installed(info, board: board.name, port: port), toOutput: true)
    return .success
  }

  /// Without `--port`: the one USB port or virtual board there is.
  static func onlyPort(_ context: Kocode.Context) throws(CommandFailure) -> String {
    let ports = PortScanner(environment: context.environment).scan()
      .filter { $0.kind == .usb || $0.kind == .virtual }
    switch ports.count {
    case 1: return ports[0].port
    case 0: throw CommandFailure(.unavailable, context.text.noPortToInstall())
    default:
      throw CommandFailure(.usage, context.text.severalPortsToInstall(ports.map(\.port)))
    }
  }

  static func failure(
    _ error: FirmwareInstaller.Failure, port: String, _ text: CLIText
  ) -> CommandFailure {
    switch error {
    case .notInSync: CommandFailure(.unavailable, text.avrdudeNotInSync(port))
    case .permissionDenied: LinkText.failure(.permissionDenied(port), text)
    case .busy: LinkText.failure(.busy(port), text)
    case .noSuchPort: LinkText.failure(.noSuchPort(port), text)
    case .verification: CommandFailure(.ioError, text.avrdudeVerification(port))
    case .unknownPart(let mcu): CommandFailure(.software, text.internalError("avrdude: \(mcu)"))
    case .toolMissing(let tool): CommandFailure(.unavailable, text.toolMissing(tool))
    case .other(let lines): CommandFailure(.ioError, text.avrdudeFailed(lines))
    }
  }
}
