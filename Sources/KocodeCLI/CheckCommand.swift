import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeSupport

/// `kocode check PROGRAM [--board B] [--json]`
enum CheckCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--board"], flags: ["--json"], text: context.text)
    guard arguments.positional.count == 1 else {
      throw CommandFailure(
        .usage, context.text.wrongArgumentCount("kocode check PROGRAM [--board B] [--json]"))
    }
    let path = arguments.positional[0]
    let board = try context.board(arguments.value("--board"))
    let compilation = Compiler.compile(try context.readInput(path), board: board)
    if arguments.has("--json") {
      context.console.line(DiagnosticText.json(compilation.diagnostics, context.console.language))
    } else {
      DiagnosticText.print(compilation.diagnostics, file: path, to: context.console)
      context.console.say(DiagnosticText.summary(compilation.diagnostics), toOutput: true)
    }
    return compilation.hasErrors ? .dataError : .success
  }
}

/// How diagnostics are shown: one line each for people, one object for tools.
enum DiagnosticText {
  static func json(_ diagnostics: [Diagnostic], _ language: Language) -> String {
    let items = diagnostics.map { diagnostic in
      var pairs: [(String, JSONText.Value)] = [
        ("severity", .string(diagnostic.severity.rawValue)),
        ("code", .string(diagnostic.code)),
        ("block", diagnostic.block.map { .string($0) } ?? .null),
        ("message", .string(diagnostic.message.text(language))),
      ]
      if let line = diagnostic.line { pairs.append(("line", .int(line))) }
      if let column = diagnostic.column { pairs.append(("column", .int(column))) }
      return JSONText.object(pairs)
    }
    return JSONText.object([("diagnostics", .raw("[" + items.joined(separator: ",") + "]"))])
  }

  /// `water.json: erreur [type_mismatch] bloc b12 : message`
  static func line(
    _ diagnostic: Diagnostic, file: String, _ language: Language, colour: Bool = false
  ) -> String {
    var place = file
    if let line = diagnostic.line {
      place += ":\(line)"
      if let column = diagnostic.column { place += ":\(column)" }
    }
    var severity: String
    switch (diagnostic.severity, language) {
    case (.error, .fr): severity = "erreur"
    case (.error, .en): severity = "error"
    case (.warning, .fr): severity = "attention"
    case (.warning, .en): severity = "warning"
    }
    if colour {
      // Red for errors, yellow for warnings; NO_COLOR or a pipe turns this off.
      let code = diagnostic.severity == .error ? "1;31" : "1;33"
      severity = "\u{1B}[\(code)m\(severity)\u{1B}[0m"
    }
    var where_ = ""
    if let block = diagnostic.block {
      where_ = language == .fr ? " bloc \(block) :" : " block \(block):"
    }
    return
      "\(place): \(severity) [\(diagnostic.code)]\(where_) \(diagnostic.message.text(language))"
  }

  static func print(_ diagnostics: [Diagnostic], file: String, to console: Console) {
    for diagnostic in diagnostics {
      console.problem(
        line(diagnostic, file: file, console.language, colour: console.errorColour))
    }
  }

  static func summary(_ diagnostics: [Diagnostic]) -> Localized {
    let errors = diagnostics.filter(\.isError).count
    let warnings = diagnostics.count - errors
    if diagnostics.isEmpty {
      return Localized(fr: "Aucun problème trouvé.", en: "No problems found.")
    }
    let fr =
      "\(errors) erreur\(errors > 1 ? "s" : ""), "
      + "\(warnings) avertissement\(warnings > 1 ? "s" : "")."
    let en =
      "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")."
    return Localized(fr: fr, en: en)
  }
}
