import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeFirmware
import KocodeLink
import KocodeSupport

/// `kocode board sim [--board B] [--link PATH] [--program PROGRAM]`: the real
/// firmware in the AVR simulator, on a pseudo-terminal, until Ctrl-C.
enum BoardCommand {
  static let usage = "kocode board sim [--board B] [--link PATH] [--program PROGRAM]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--board", "--link", "--program"], flags: [],
      text: context.text)
    guard arguments.positional == ["sim"] else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    let catalog = try context.catalog()
    let board = try context.board(arguments.value("--board"))
    let root = FirmwareBuilder.projectRoot(of: catalog)
    let firmware = try FirmwareSupport.build(board, catalog: catalog, context: context)
    let eeprom = try eepromFile(board, program: arguments.value("--program"), context: context)
    let executable: URL
    do {
      executable = try VirtualBoardProcess.buildIfMissing(projectRoot: root)
    } catch {
      throw FirmwareSupport.failure(error, context.text)
    }
    var extra: [String] = []
    if let link = arguments.value("--link") { extra += ["--link", link] }
    let process = VirtualBoardProcess(
      executable: executable, firmware: firmware.elf,
      options: .init(mcu: board.mcu, eeprom: eeprom, extraArguments: extra))
    let port: String
    do {
      port = try process.start()
    } catch {
      throw FirmwareSupport.failure(error, context.text)
    }
    let entry = VirtualBoardRegistry.add(
      port: port, board: board.name, link: arguments.value("--link"),
      environment: context.environment)
    // Catch Ctrl-C before saying where the board is, so nobody can be faster.
    let interrupted = InterruptWatch()
    context.console.line(port)
    context.console.say(
      Localized(
        fr: "Carte virtuelle \(board.name) prête sur \(port). Ctrl-C pour l’arrêter.",
        en: "Virtual board \(board.name) ready on \(port). Press Ctrl-C to stop it."))
    interrupted.wait(while: { process.isRunning })
    process.stop()
    VirtualBoardRegistry.remove(entry)
    context.console.say(Localized(fr: "Carte virtuelle arrêtée.", en: "Virtual board stopped."))
    return .success
  }

  /// The EEPROM file the board starts with: blank, or holding a program.
  static func eepromFile(
    _ board: BoardDefinition, program: String?, context: Kocode.Context
  ) throws(CommandFailure) -> URL {
    let slots = ProgramSlots(board: board)
    var bytes = slots.blank()
    // Seed 0: the board seeds its random numbers from sensor noise, as a real one does.
    slots.write(config: .init(seed: 0, boardName: board.name), into: &bytes)
    if let program {
      let image = try BuildCommand.compile(program, board: board, context: context)
      do {
        bytes = try slots.eeprom(image: image, boardName: board.name, seed: 0)
      } catch {
        throw FirmwareSupport.failure(error, context.text)
      }
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-\(board.name)-\(getpid()).eeprom")
    try context.write(bytes, to: file.path)
    return file
  }
}

/// Turns SIGINT and SIGTERM into an event the command waits for, instead of
/// the end of the process, so the virtual board is always stopped cleanly.
final class InterruptWatch: @unchecked Sendable {
  private let signalled = DispatchSemaphore(value: 0)
  private var sources: [any DispatchSourceSignal] = []

  init() {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [signalled] in signalled.signal() }
      source.resume()
      sources.append(source)
    }
  }

  /// A signal came (checked without waiting, by a loop that has its own
  /// pace, such as `kocode watch`'s).
  var fired: Bool {
    guard signalled.wait(timeout: .now()) == .success else { return false }
    signalled.signal()
    return true
  }

  /// Returns on a signal, or as soon as `running` turns false.
  func wait(while running: () -> Bool) {
    while signalled.wait(timeout: .now() + 0.2) == .timedOut {
      if !running() { break }
    }
    for source in sources { source.cancel() }
  }
}
