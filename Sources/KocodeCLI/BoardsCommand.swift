import KocodeBoard
import KocodeSupport

/// `kocode boards`: the boards Kocode knows, with their limits.
enum BoardsCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    _ = try Arguments(context.arguments, valued: [], flags: [], text: context.text)
    let catalog = try context.catalog()
    for name in catalog.names() {
      let board = try context.board(name)
      let title = context.console.language == .fr ? board.title.fr : board.title.en
      let limits = board.limits
      context.console.line(
        "\(name)\t\(title)\t"
          + context.text.pick(
            "\(limits.programBytes) octets, \(limits.scripts) scripts, "
              + "\(limits.globals) variables",
            "\(limits.programBytes) bytes, \(limits.scripts) scripts, \(limits.globals) variables"
          ))
    }
    return .success
  }
}
