import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeSupport

/// The whole pipeline: bytes of a Blockly file in, diagnostics and (when
/// there is no error) an image out.
public struct Compilation: Sendable {
  public var diagnostics: [Diagnostic]
  public var image: Image?
  /// Enabled blocks in the program, for per-block measures.
  public var blockCount: Int

  public var hasErrors: Bool { diagnostics.contains { $0.isError } }
}

public enum Compiler {
  /// Reads, checks and, if the program has no error, generates its image.
  public static func compile(_ bytes: [UInt8], board: BoardDefinition) -> Compilation {
    let workspace: Workspace
    do {
      workspace = try WorkspaceReader.read(bytes)
    } catch {
      let diagnostic = Diagnostic(
        .error, "malformed_program", block: nil, message: MalformedText.message(for: error),
        line: error.line, column: error.column)
      return Compilation(diagnostics: [diagnostic], image: nil, blockCount: 0)
    }
    return compile(workspace, board: board)
  }

  public static func compile(_ workspace: Workspace, board: BoardDefinition) -> Compilation {
    let checked = Checker(board: board).check(workspace)
    let count = countBlocks(workspace)
    guard !checked.hasErrors else {
      return Compilation(diagnostics: checked.diagnostics, image: nil, blockCount: count)
    }
    do {
      let image = try CodeGenerator(program: checked, board: board).generate()
      return Compilation(diagnostics: checked.diagnostics, image: image, blockCount: count)
    } catch {
      return Compilation(
        diagnostics: checked.diagnostics + error.diagnostics, image: nil, blockCount: count)
    }
  }

  /// Enabled blocks, shadows included (they are the numbers pupils type).
  public static func countBlocks(_ workspace: Workspace) -> Int {
    var count = 0
    var work: [Block] = workspace.stacks.flatMap { $0 }
    while let block = work.popLast() {
      guard block.isEnabled else { continue }
      count += 1
      for input in block.inputs.values { work.append(contentsOf: input) }
    }
    return count
  }
}

/// The words for a file that is not a workspace.
enum MalformedText {
  static func message(for error: MalformedProgram) -> Localized {
    let place = Localized(
      fr: " (ligne \(error.line), colonne \(error.column))",
      en: " (line \(error.line), column \(error.column))")
    let reason: Localized
    switch error.reason {
    case .empty:
      reason = Localized(
        fr: "Le fichier est vide : ce n’est pas un programme Blockly",
        en: "The file is empty: it is not a Blockly program")
    case .json(let expected, let found):
      reason = Localized(
        fr: "Le fichier JSON est abîmé : \(expected) était attendu, \(found) trouvé",
        en: "The JSON file is damaged: expected \(expected), found \(found)")
    case .xml(let detail):
      reason = Localized(
        fr: "Le fichier XML est abîmé : \(detail)", en: "The XML file is damaged: \(detail)")
    case .shape(let what, let expected):
      reason = Localized(
        fr: "Ce n’est pas un programme Blockly : \(what) devrait être \(expected)",
        en: "This is not a Blockly program: \(what) should be \(expected)")
    case .tooDeep(let limit):
      reason = Localized(
        fr: "Les blocs sont emboîtés trop profondément (plus de \(limit) niveaux)",
        en: "The blocks are nested too deeply (more than \(limit) levels)")
    case .encoding:
      reason = Localized(
        fr: "Le fichier n’est pas du texte UTF-8", en: "The file is not UTF-8 text")
    }
    return Localized(fr: reason.fr + place.fr + ".", en: reason.en + place.en + ".")
  }
}
