import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeFirmware
import KocodeLink
import KocodeSupport
import KocodeVM

/// `kocode board sim [--board B] [--link PATH] [--program PROGRAM]
/// [--set SENSOR=VALUE]… [--greenhouse on|off]`, with the greenhouse flags
/// of `GreenhouseOptions`: the real firmware in the AVR simulator, on a
/// pseudo-terminal, its sensors fed by the simulated greenhouse, until
/// Ctrl-C.
enum BoardCommand {
  static let usage =
    "kocode board sim [--board B] [--link PATH] [--program PROGRAM] "
    + "[--set SENSOR=VALUE]... [--greenhouse on|off]"

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments,
      valued: Set(["--board", "--link", "--program", "--set", "--greenhouse"])
        .union(GreenhouseOptions.valued),
      flags: [], text: context.text)
    guard arguments.positional == ["sim"] else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(usage))
    }
    let catalog = try context.catalog()
    let board = try context.board(arguments.value("--board"))
    let inputs = try Inputs(arguments, board: board, context: context)
    let firmware = try FirmwareSupport.build(board, catalog: catalog, context: context)
    let eeprom = try eepromFile(board, program: arguments.value("--program"), context: context)
    let process = try start(
      board, firmware: firmware.elf, eeprom: eeprom, inputs: inputs,
      link: arguments.value("--link"), root: FirmwareBuilder.projectRoot(of: catalog),
      context: context)
    let port = process.port ?? ""
    let entry = VirtualBoardRegistry.add(
      port: port, board: board.name, link: arguments.value("--link"),
      environment: context.environment)
    // Catch Ctrl-C before saying where the board is, so nobody can be faster.
    let interrupted = InterruptWatch()
    inputs.live?.run(on: process)
    context.console.line(port)
    context.console.say(
      Localized(
        fr: "Carte virtuelle \(board.name) prête sur \(port). Ctrl-C pour l’arrêter.",
        en: "Virtual board \(board.name) ready on \(port). Press Ctrl-C to stop it."))
    context.console.say(inputs.description)
    interrupted.wait(while: { process.isRunning })
    inputs.live?.stop()
    process.stop()
    VirtualBoardRegistry.remove(entry)
    try? FileManager.default.removeItem(at: eeprom)
    if let live = inputs.live { context.console.detail(summary(live.report)) }
    context.console.say(Localized(fr: "Carte virtuelle arrêtée.", en: "Virtual board stopped."))
    return .success
  }

  /// `kc-vboard` started with the firmware, the EEPROM and the inputs'
  /// first values, its events handed to the live greenhouse.
  static func start(
    _ board: BoardDefinition, firmware: URL, eeprom: URL, inputs: Inputs, link: String?,
    root: URL, context: Kocode.Context
  ) throws(CommandFailure) -> VirtualBoardProcess {
    let executable: URL
    do {
      executable = try VirtualBoardProcess.buildIfMissing(projectRoot: root)
    } catch {
      throw FirmwareSupport.failure(error, context.text)
    }
    var options = VirtualBoardProcess.Options(
      mcu: board.mcu, eeprom: eeprom, extraArguments: link.map { ["--link", $0] } ?? [])
    options.initialCommands = inputs.initial
    if let live = inputs.live {
      // The sensors' loop reads every event once; nothing needs them kept.
      options.keepsEvents = false
      options.eventHandler = { live.take($0) }
    }
    let process = VirtualBoardProcess(
      executable: executable, firmware: firmware, options: options)
    do {
      try process.start()
    } catch {
      throw FirmwareSupport.failure(error, context.text)
    }
    return process
  }

  static func summary(_ report: LiveGreenhouse.Statistics) -> Localized {
    let late = report.worstLateUS / 1000
    return Localized(
      fr: "Capteurs mis à jour \(report.updates) fois (\(report.commands) réglages, "
        + "au pire \(late) ms de retard) ; pompe basculée \(report.pumpChanges) fois.",
      en: "Sensors updated \(report.updates) times (\(report.commands) settings, "
        + "at worst \(late) ms late); pump switched \(report.pumpChanges) times.")
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
      .appendingPathComponent("kocode-\(board.name)-\(getpid())-\(UUID().uuidString).eeprom")
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
