import Foundation
import KocodeBoard
import KocodeSupport

/// The `kocode` command: picks the subcommand and turns every failure into
/// a message and an exit code.
public enum Kocode {
  /// What a subcommand gets: its arguments, where to write, and how to read
  /// standard input.
  struct Context {
    var arguments: [String]
    var console: Console
    var text: CLIText
    var environment: [String: String]
    var readStandardInput: () -> [UInt8]
  }

  typealias Command = (Context) throws(CommandFailure) -> ExitCode

  static func command(named name: String) -> Command? {
    switch name {
    case "check": CheckCommand.run
    case "build": BuildCommand.run
    case "disasm": DisasmCommand.run
    case "run": RunCommand.run
    case "boards": BoardsCommand.run
    case "missions": MissionsCommand.run
    case "mission": MissionCommand.run
    case "firmware": FirmwareCommand.run
    case "board": BoardCommand.run
    case "ports": PortsCommand.run
    case "blocks": BlocksCommand.run
    case "plot": PlotCommand.run
    case "flash": FlashCommand.run
    case "watch": WatchCommand.run
    case "status": CareCommand.status
    case "stop": CareCommand.stop
    case "start": CareCommand.start
    case "identify": CareCommand.identify
    case "erase": CareCommand.erase
    case "name": CareCommand.name
    case "calibrate": CalibrateCommand.run
    default: nil
    }
  }

  /// Runs `kocode` with the arguments after the program name.
  public static func main(
    _ arguments: [String], console: Console = .standard(),
    environment: [String: String] = ProcessInfo.processInfo.environment,
    readStandardInput: @escaping () -> [UInt8] = {
      Array(FileHandle.standardInput.readDataToEndOfFile())
    }
  ) -> Int32 {
    let language = Language.resolve(flag: languageFlag(arguments), environment: environment)
    console.language = language
    console.errorColour = environment["NO_COLOR"] == nil && isatty(STDERR_FILENO) == 1
    if arguments.contains("-q") || arguments.contains("--quiet") { console.verbosity = .quiet }
    if arguments.contains("-v") || arguments.contains("--verbose") {
      console.verbosity = .verbose
    }
    let text = CLIText(language: language)
    if let flag = languageFlag(arguments), Language(rawValue: flag.lowercased()) == nil {
      console.error(text.badLanguage(flag))
      return ExitCode.usage.rawValue
    }
    guard let name = arguments.first, !name.hasPrefix("-") else {
      console.out(HelpText.general(language))
      let wantsHelp = arguments.contains("--help") || arguments.contains("-h")
      return (wantsHelp ? ExitCode.success : ExitCode.usage).rawValue
    }
    guard let command = command(named: name) else {
      console.error(text.unknownCommand(name))
      return ExitCode.usage.rawValue
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      console.out(HelpText.command(name, language))
      return ExitCode.success.rawValue
    }
    let context = Context(
      arguments: rest, console: console, text: text, environment: environment,
      readStandardInput: readStandardInput)
    do {
      return try command(context).rawValue
    } catch {
      console.error(error.message)
      return error.code.rawValue
    }
  }

  /// `--lang X` or `--lang=X`, wherever it is.
  static func languageFlag(_ arguments: [String]) -> String? {
    var result: String?
    for (index, argument) in arguments.enumerated() {
      if argument == "--lang", index + 1 < arguments.count { result = arguments[index + 1] }
      if argument.hasPrefix("--lang=") { result = String(argument.dropFirst(7)) }
    }
    return result
  }
}

extension Kocode.Context {
  /// The board named by `--board`, or the default one.
  func board(_ name: String?) throws(CommandFailure) -> BoardDefinition {
    let catalog = try self.catalog()
    do {
      return try catalog.load(name ?? BoardCatalog.defaultBoard)
    } catch {
      throw boardFailure(error)
    }
  }

  /// The board whose image headers carry `id`: the board type a connected
  /// board reports in its hello.
  func board(id: UInt16) throws(CommandFailure) -> BoardDefinition {
    let catalog = try self.catalog()
    for name in catalog.names() {
      if let board = try? catalog.load(name), board.id == Int(id) { return board }
    }
    throw CommandFailure(
      .unavailable,
      text.pick(
        "Kocode ne connaît pas ce type de carte (n° \(id)) : mets Kocode à jour.",
        "Kocode does not know this board type (#\(id)): update Kocode."))
  }

  func catalog() throws(CommandFailure) -> BoardCatalog {
    do {
      return try BoardCatalog.locate(environment: environment)
    } catch {
      throw boardFailure(error)
    }
  }

  func boardFailure(_ error: BoardCatalog.LoadError) -> CommandFailure {
    switch error {
    case .noBoardsFolder: CommandFailure(.ioError, text.noBoardsFolder())
    case .unknownBoard(let name, let known):
      CommandFailure(.usage, text.unknownBoard(name, known: known))
    case .invalid(let name, let reason):
      CommandFailure(.software, text.invalidBoard(name, reason))
    }
  }

  /// The bytes of a file, or of standard input for `-`.
  func readInput(_ path: String) throws(CommandFailure) -> [UInt8] {
    if path == "-" { return readStandardInput() }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CommandFailure(.ioError, text.noSuchFile(path))
    }
    guard !isDirectory.boolValue else {
      throw CommandFailure(.ioError, text.isDirectory(path))
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw CommandFailure(.ioError, text.permissionDenied(path))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure(.ioError, text.readFailed(path))
    }
    return Array(data)
  }

  func write(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CommandFailure(.ioError, text.cannotWrite(path))
    }
  }
}
