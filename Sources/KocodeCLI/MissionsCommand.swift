import Foundation
import KocodeMissions
import KocodeSupport

/// `kocode missions`: every mission, first steps first, with its level.
enum MissionsCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(context.arguments, valued: [], flags: [], text: context.text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(.usage, context.text.wrongArgumentCount("kocode missions"))
    }
    let missions = try context.missionCatalog().allMissions(context)
    let language = context.console.language
    let text = context.text
    let width = missions.map(\.name.count).max() ?? 0
    context.console.line(
      text.pick(
        "Les missions, des premiers pas aux plus dures :",
        "The missions, from first steps to hard:"
      ))
    for mission in missions {
      let name = mission.name.padding(toLength: width, withPad: " ", startingAt: 0)
      let level = text.pick("niveau", "level") + " \(mission.level) " + stars(mission.level)
      context.console.line("  \(name)  \(level)  \(mission.title.text(language))")
    }
    context.console.line(
      text.pick(
        "Pour lire une mission : kocode mission show NOM",
        "To read a mission: kocode mission show NAME"))
    return .success
  }

  /// ★★☆☆☆ for level 2 of 5.
  static func stars(_ level: Int) -> String {
    let filled = min(max(level, 0), 5)
    return String(repeating: "★", count: filled) + String(repeating: "☆", count: 5 - filled)
  }
}

extension Kocode.Context {
  func missionCatalog() throws(CommandFailure) -> MissionCatalog {
    do {
      return try MissionCatalog.locate(environment: environment)
    } catch {
      throw missionFailure(error)
    }
  }

  func missionFailure(_ error: MissionError) -> CommandFailure {
    switch error {
    case .noMissionsFolder: CommandFailure(.ioError, text.noMissionsFolder())
    case .unknownMission(let name, let known):
      CommandFailure(.usage, text.unknownMission(name, known: known))
    case .unreadable(let name, let reason):
      CommandFailure(.software, text.invalidMission(name, reason))
    case .invalid(let name, let key, let value):
      CommandFailure(.software, text.invalidMissionValue(name, key, value))
    }
  }
}

extension MissionCatalog {
  func allMissions(_ context: Kocode.Context) throws(CommandFailure) -> [Mission] {
    do {
      return try all()
    } catch {
      throw context.missionFailure(error)
    }
  }

  func mission(_ name: String, _ context: Kocode.Context) throws(CommandFailure) -> Mission {
    do {
      return try load(name)
    } catch {
      throw context.missionFailure(error)
    }
  }
}

/// Paragraphs wrapped for a terminal.
enum Paragraph {
  /// `text` in lines of at most `width` columns, the first starting with
  /// `first`, the others with `rest`.
  static func wrap(_ text: String, width: Int = 78, first: String = "", rest: String = "")
    -> String
  {
    var lines: [String] = []
    var line = first
    var lineIsEmpty = true
    for word in words(text) {
      if !lineIsEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = rest
        lineIsEmpty = true
      }
      line += (lineIsEmpty ? "" : " ") + word
      lineIsEmpty = false
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// The words of a text, with what must not start or end a line kept on
  /// the same line as its neighbour: « and », French punctuation after a
  /// space, and a unit after its number ("60 mL").
  static func words(_ text: String) -> [String] {
    let before: Set<Substring> = ["»", ":", ";", "!", "?"]
    let units: Set<Substring> = ["%", "mL", "ms", "s", "min", "h", "j", "d", "fois", "times"]
    var result: [String] = []
    for word in text.split(separator: " ") {
      let previous = result.last ?? ""
      let afterNumber = previous.last?.isNumber == true && units.contains(word)
      if !result.isEmpty, before.contains(word) || afterNumber || previous.hasSuffix("«") {
        result[result.count - 1] += " " + word
      } else {
        result.append(String(word))
      }
    }
    return result
  }
}
