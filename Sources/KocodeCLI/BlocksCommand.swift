import KocodeCompiler

/// `kocode blocks [--toolbox] [--board B]`: the editor's block definitions
/// (or its toolbox) as JSON, made from the catalogue the compiler checks
/// against, in the language of `--lang`.
enum BlocksCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--board"], flags: ["--toolbox"], text: context.text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(
        .usage, context.text.wrongArgumentCount("kocode blocks [--toolbox] [--board B]"))
    }
    let board = try context.board(arguments.value("--board"))
    let language = context.console.language
    context.console.out(
      arguments.has("--toolbox")
        ? BlocklyToolbox.json(language: language, board: board)
        : BlocklyDefinitions.json(language: language, board: board))
    return .success
  }
}
