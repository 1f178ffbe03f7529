import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeLink
import KocodeSupport
import KocodeVM

/// Board care, on one board (`--port PORT|NAME|auto`) or every connected
/// one (`--all`): `status`, `stop`, `start`, `identify`, `erase`, and
/// `name NAME` (one board only). `calibrate` has its own file.
enum CareCommand {
  static func status(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let json = context.arguments.contains("--json")
    let lines = Locked([Int: String]())
    let code = try onBoards(context, command: "status", flags: ["--json"]) {
      board, index throws(CommandFailure) in
      let report = StatusReport(board: board, context: context)
      if json {
        lines.update { $0[index] = report.json() }
      } else {
        context.console.out(report.text(context.console.language))
      }
    }
    if json {
      let objects = lines.value.sorted { $0.key < $1.key }.map(\.value)
      let all = context.arguments.contains("--all")
      context.console.line(all ? "[" + objects.joined(separator: ",") + "]" : objects[0])
    }
    return code
  }

  static func stop(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    try onBoards(context, command: "stop") { board, _ throws(CommandFailure) in
      do throws(LinkError) {
        try board.client.stop()
      } catch {
        throw LinkText.failure(error, context.text)
      }
      context.console.say(
        Localized(
          fr: "\(board.label) : programme arrêté, pompe coupée.",
          en: "\(board.label): program stopped, pump off."))
    }
  }

  static func start(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    try onBoards(context, command: "start") { board, _ throws(CommandFailure) in
      let status: AckStatus?
      do throws(LinkError) {
        status = try board.client.run()
      } catch {
        throw LinkText.failure(error, context.text)
      }
      switch status {
      case .ok:
        context.console.say(
          Localized(
            fr: "\(board.label) : programme relancé depuis le début.",
            en: "\(board.label): program started from the beginning."))
      case .noProgram:
        throw CommandFailure(
          .unavailable,
          context.text.pick(
            "\(board.label) : la carte n’a pas de programme à lancer. Envoie-en un avec "
              + "kocode flash PROGRAMME.",
            "\(board.label): the board has no program to start. Send one with "
              + "kocode flash PROGRAM."))
      case .busy:
        throw CommandFailure(
          .unavailable,
          context.text.pick(
            "\(board.label) : un envoi de programme est en cours ; réessaie dans quelques "
              + "secondes.",
            "\(board.label): a program is being uploaded; try again in a few seconds."))
      default:
        throw CommandFailure(
          .software,
          context.text.pick(
            "\(board.label) : réponse inattendue de la carte (un bug de Kocode).",
            "\(board.label): unexpected answer from the board (a bug in Kocode)."))
      }
    }
  }

  static func identify(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    var seconds = BoardClient.identifySeconds
    if let index = context.arguments.firstIndex(of: "--for"), index + 1 < context.arguments.count {
      let value = context.arguments[index + 1]
      guard let microseconds = RunOptions.duration(value),
        (1_000_000...30_000_000).contains(microseconds)
      else {
        throw CommandFailure(
          .usage,
          context.text.pick(
            "durée « \(value) » : entre 1s et 30s",
            "duration “\(value)”: between 1s and 30s"))
      }
      seconds = Int(microseconds / 1_000_000)
    }
    return try onBoards(context, command: "identify", valued: ["--for"]) {
      board, _ throws(CommandFailure) in
      try care(board, context) { client throws(CareError) in
        try client.identify(seconds: seconds)
      }
      context.console.say(
        Localized(
          fr: "\(board.label) : la LED de la carte clignote et elle bipe pendant \(seconds) s.",
          en: "\(board.label): the board's LED blinks and it beeps for \(seconds) s."),
      )
    }
  }

  static func erase(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    try onBoards(context, command: "erase") { board, _ throws(CommandFailure) in
      try care(board, context) { client throws(CareError) in try client.erase() }
      let after = try refresh(board, context)
      guard !after.hasProgram else {
        throw CommandFailure(
          .ioError,
          context.text.pick(
            "\(board.label) : la carte dit encore avoir un programme après l’effacement.",
            "\(board.label): the board still reports a program after the erase."))
      }
      context.console.say(
        Localized(
          fr: "\(board.label) : programme effacé. La carte ne fait plus rien ; son nom et "
            + "son étalonnage sont gardés.",
          en: "\(board.label): program erased. The board does nothing now; its name and "
            + "calibration are kept."))
    }
  }

  static func name(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let text = context.text
    let arguments = try Arguments(
      context.arguments, valued: ["--port"], flags: ["--clear"], text: text)
    let clear = arguments.has("--clear")
    guard arguments.positional.count == (clear ? 0 : 1) else {
      throw CommandFailure(.usage, text.wrongArgumentCount(HelpText.careUsage("name")))
    }
    let name = clear ? "" : arguments.positional[0]
    if !clear && name.isEmpty {
      throw CommandFailure(
        .usage,
        text.pick(
          "un nom vide ? Pour retirer le nom : kocode name --clear",
          "an empty name? To remove the name: kocode name --clear"))
    }
    if let problem = nameProblem(name) {
      throw CommandFailure(.usage, problem.text(text.language))
    }
    let board = try PortChoice.choose(
      port: arguments.value("--port"), all: false, context: context
    ).boards[0]
    defer { board.client.session.transport.close() }
    try care(board, context) { client throws(CareError) in try client.rename(name) }
    let after = try refresh(board, context)
    guard after.name == name else {
      throw CommandFailure(
        .ioError,
        text.pick(
          "\(board.port) : la carte n’a pas gardé le nom « \(name) ».",
          "\(board.port): the board did not keep the name “\(name)”."))
    }
    context.console.say(
      clear
        ? Localized(
          fr: "\(board.port) : la carte n’a plus de nom.",
          en: "\(board.port): the board has no name now.")
        : Localized(
          fr:
            "\(board.port) s’appelle maintenant « \(name) » : kocode flash --port "
            + "\(shellWord(name)) la trouve.",
          en: "\(board.port) is now called “\(name)”: kocode flash --port \(shellWord(name)) "
            + "finds it."),
    )
    return .success
  }

  /// Why a board name cannot be stored, or nil when it can: at most 16
  /// bytes of UTF-8, printable, and never something `--port` would read
  /// as a path or as `auto`.
  static func nameProblem(_ name: String) -> Localized? {
    if name.utf8.count > BoardClient.nameBytes {
      return Localized(
        fr: "le nom « \(name) » est trop long : \(BoardClient.nameBytes) octets au plus "
          + "(un accent en compte deux).",
        en: "the name “\(name)” is too long: \(BoardClient.nameBytes) bytes at most "
          + "(an accented letter counts two).")
    }
    if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
      || name.contains("/") || name == "auto" || name.hasPrefix("-")
      || name != name.trimmingCharacters(in: .whitespaces)
    {
      return Localized(
        fr: "le nom « \(name) » ne convient pas : pas de « / » ni de tabulation, "
          + "pas d’espace au début ou à la fin, pas de tiret au début, et pas « auto ».",
        en: "the name “\(name)” will not do: no “/” and no tab, no space at either end, "
          + "no dash at the start, and not “auto”.")
    }
    return nil
  }

  /// `name` as one word for a shell: as it is when it has only letters,
  /// digits, dashes, dots and underscores, in single quotes otherwise.
  static func shellWord(_ name: String) -> String {
    let plain = name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || $0.properties.numericType != nil
        || "-._".unicodeScalars
          .contains($0)
    }
    if plain { return name }
    return "'" + name.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  // ---- Shared ----

  /// Runs `body` on the board `--port` names, or on every board with
  /// `--all` (in parallel, each saying its own line); the worst exit code.
  static func onBoards(
    _ context: Kocode.Context, command: String, valued: Set<String> = [], flags: Set<String> = [],
    _ body: (PortChoice.Connected, Int) throws(CommandFailure) -> Void
  ) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: valued.union(["--port"]), flags: flags.union(["--all"]),
      text: context.text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount(HelpText.careUsage(command)))
    }
    if arguments.has("--all") && arguments.value("--port") != nil {
      throw CommandFailure(
        .usage,
        context.text.pick(
          "--all et --port ne vont pas ensemble", "--all and --port do not go together"))
    }
    let choice = try PortChoice.choose(
      port: arguments.value("--port"), all: arguments.has("--all"), context: context)
    let boards = choice.boards
    let failures = Locked([CommandFailure?](repeating: nil, count: boards.count))
    inParallel(boards.count) { index in
      defer { boards[index].client.session.transport.close() }
      do throws(CommandFailure) {
        try body(boards[index], index)
      } catch {
        failures.update { $0[index] = error }
      }
    }
    let failed = failures.value.compactMap { $0 } + choice.unreachable
    if boards.count == 1, choice.unreachable.isEmpty, let failure = failed.first {
      throw failure
    }
    for failure in failed { context.console.error(failure.message) }
    return failed.map { $0.code }.max { $0.rawValue < $1.rawValue } ?? .success
  }

  static func care(
    _ board: PortChoice.Connected, _ context: Kocode.Context,
    _ request: (BoardClient) throws(CareError) -> Void
  ) throws(CommandFailure) {
    do {
      try request(board.client)
    } catch {
      throw failure(error, board: board, context.text)
    }
  }

  static func refresh(
    _ board: PortChoice.Connected, _ context: Kocode.Context
  ) throws(CommandFailure) -> BoardInfo {
    do {
      return try board.client.refresh()
    } catch {
      throw LinkText.failure(error, context.text)
    }
  }

  static func failure(
    _ error: CareError, board: PortChoice.Connected, _ text: CLIText
  ) -> CommandFailure {
    switch error {
    case .link(let link):
      return LinkText.failure(link, text)
    case .firmwareTooOld(let found, let needed):
      return CommandFailure(
        .unavailable,
        text.pick(
          "\(board.label) : son firmware (version \(found)) est trop ancien pour cela "
            + "(il faut la \(needed)). Mets-le à jour : kocode firmware install --port "
            + "\(board.port).",
          "\(board.label): its firmware (version \(found)) is too old for this (version "
            + "\(needed) is needed). Update it: kocode firmware install --port \(board.port)."))
    case .noSensor:
      return CommandFailure(
        .unavailable,
        text.pick(
          "\(board.label) : cette carte n’a pas de sonde d’humidité du sol à étalonner.",
          "\(board.label): this board has no soil moisture probe to calibrate."))
    case .unexpected(let request, let status):
      return CommandFailure(
        .software,
        text.pick(
          "\(board.label) : réponse inattendue à « \(request) » (statut \(status)) : "
            + "c’est un bug de Kocode.",
          "\(board.label): unexpected answer to “\(request)” (status \(status)): this is a "
            + "bug in Kocode."))
    }
  }
}
