import Foundation
import KocodeBoard
import KocodeMissions
import KocodeSupport
import KocodeVM

/// `kocode mission show NAME` prints a brief; `kocode mission check NAME
/// PROGRAM` runs a program in the mission's greenhouse and judges it
/// against every criterion (exit 0 when all pass, 1 otherwise).
enum MissionCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments,
      valued: ["--board", "--seed", "--trace", "--csv", "--csv-excel", "--plot"],
      flags: [], text: context.text)
    let positional = arguments.positional
    switch (positional.first, positional.count) {
    case ("show", 2):
      return try show(positional[1], context: context)
    case ("check", 3):
      return try check(positional[1], program: positional[2], arguments, context: context)
    default:
      throw CommandFailure(.usage, context.text.missionUsage())
    }
  }

  // MARK: - show

  static func show(_ name: String, context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let mission = try context.missionCatalog().mission(name, context)
    let language = context.console.language
    let text = context.text
    let console = context.console
    console.line(mission.title.text(language))
    console.line(
      text.pick("mission", "mission") + " \(mission.name), "
        + text.pick("niveau", "level")
        + " \(mission.level) \(MissionsCommand.stars(mission.level))"
        + text.pick(", carte ", ", board ") + mission.board)
    for paragraph in mission.brief {
      let words = paragraph.text(language)
      console.line("")
      // A command is shown whole, indented, ready to copy.
      console.line(words.hasPrefix("kocode ") ? "    " + words : Paragraph.wrap(words))
    }
    console.line("")
    let setting = GreenhouseSummary.text(model: mission.model, durationUS: mission.durationUS)
    console.line(
      Paragraph.wrap(
        text.pick(
          "Pour réussir (vérifié sur \(setting.fr)) :",
          "To succeed (checked over \(setting.en)):")))
    for entry in mission.criteria {
      let goal = entry.criterion.goal.text(language)
      console.line(Paragraph.wrap(goal, first: "  • ", rest: "    "))
    }
    console.line("")
    let starter = relativePath(mission.starterURL)
    console.line(text.pick("Programme de départ : ", "Starter program: ") + starter)
    console.line(
      text.pick("Pour vérifier ton programme : ", "To check your program: ")
        + "kocode mission check \(mission.name) " + text.pick("PROGRAMME.json", "PROGRAM.json"))
    return .success
  }

  /// A path from the current folder when the file is under it.
  static func relativePath(_ url: URL) -> String {
    let here = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
  }

  // MARK: - check

  static func check(
    _ name: String, program: String, _ arguments: Arguments, context: Kocode.Context
  ) throws(CommandFailure) -> ExitCode {
    let mission = try context.missionCatalog().mission(name, context)
    var options = try RunOptions(arguments, context: context)
    options.board = options.board ?? mission.board
    let (image, board) = try RunCommand.load(program, options: options, context: context)
    let trace = try TraceFile(path: arguments.value("--trace"), text: context.text)
    let run: MissionRun
    do {
      run = try MissionRunner.run(mission, image: image, board: board, seed: options.seed) {
        trace.write($0)
      }
    } catch {
      throw context.missionFailure(error)
    }
    try trace.finish(text: context.text)
    let verdict = Judge.verdict(of: run)
    report(verdict, mission: mission, context: context)
    try RunFiles(arguments).write(
      run.recorder, board: board, title: mission.title.text(context.console.language),
      durationUS: mission.durationUS, context: context)
    context.console.detail(
      Localized(
        fr: "\(run.instructionCount) instructions exécutées.",
        en: "\(run.instructionCount) instructions executed."))
    return verdict.passed ? .success : .failure
  }

  /// Every criterion, passed or failed, with its explanation and, when it
  /// failed, the mission's hint; then the outcome.
  static func report(_ verdict: MissionVerdict, mission: Mission, context: Kocode.Context) {
    let language = context.console.language
    let text = context.text
    let console = context.console
    let title = mission.title.text(language)
    console.line(
      text.pick("Mission « \(title) »", "Mission “\(title)”") + " (\(mission.name))")
    let setting = GreenhouseSummary.text(model: mission.model, durationUS: mission.durationUS)
    console.line(
      Paragraph.wrap(text.pick("Simulation : ", "Simulation: ") + setting.text(language) + "."))
    console.line("")
    if let problem = verdict.runProblem {
      console.line(Paragraph.wrap(problem.text(language), first: "  ✗ ", rest: "    "))
    }
    for result in verdict.results {
      let mark = result.passed ? "  ✓ " : "  ✗ "
      console.line(Paragraph.wrap(result.explanation.text(language), first: mark, rest: "    "))
      if !result.passed, let hint = result.criterion.hint {
        console.line(
          Paragraph.wrap(
            text.pick("Astuce : ", "Hint: ") + hint.text(language), first: "    → ",
            rest: "      "))
      }
    }
    console.line("")
    console.line(Paragraph.wrap(outcome(verdict, text: text)))
  }

  static func outcome(_ verdict: MissionVerdict, text: CLIText) -> String {
    let total = verdict.results.count
    if verdict.passed {
      return text.pick(
        "Mission réussie ! Les \(total) critères sont remplis.",
        "Mission accomplished! All \(total) criteria are met.")
    }
    let met = verdict.passedCount
    let plural = met > 1 ? "s" : ""
    return text.pick(
      "Pas encore : \(met) critère\(plural) rempli\(plural) sur \(total). Lis les "
        + "explications, change ton programme et réessaie.",
      "Not yet: \(met) of \(total) criteria met. Read the explanations, "
        + "change your program and try again.")
  }
}

/// `--trace FILE` of a mission check: JSON lines written as they happen.
final class TraceFile {
  private let path: String?
  private let handle: FileHandle?
  private var failed = false

  init(path: String?, text: CLIText) throws(CommandFailure) {
    self.path = path
    guard let path else {
      handle = nil
      return
    }
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw CommandFailure(.ioError, text.cannotWrite(path)) }
    self.handle = handle
  }

  func write(_ event: TraceEvent) {
    guard let handle else { return }
    do {
      try handle.write(contentsOf: Data((event.jsonLine + "\n").utf8))
    } catch {
      failed = true
    }
  }

  func finish(text: CLIText) throws(CommandFailure) {
    try? handle?.close()
    if failed, let path { throw CommandFailure(.ioError, text.cannotWrite(path)) }
  }
}
