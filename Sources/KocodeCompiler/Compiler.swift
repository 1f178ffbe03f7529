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
    let placeFR = "ligne \(error.line), colonne \(error.column)"
    let placeEN = "line \(error.line), column \(error.column)"
    let again = "enregistre le programme de nouveau depuis l’éditeur"
    // The reader's details are English phrases; French readers get a plain
    // sentence with the place, which is what they need to act.
    switch error.reason {
    case .empty:
      return Localized(
        fr: "Le fichier est vide : ce n’est pas un programme Blockly.",
        en: "The file is empty: it is not a Blockly program.")
    case .json(let expected, let found):
      return Localized(
        fr: "Le fichier JSON est abîmé (\(placeFR)), sans doute coupé ou modifié à la main : "
          + "\(again).",
        en: "The JSON file is damaged (\(placeEN)): expected \(expected), found \(found).")
    case .xml(let detail):
      return Localized(
        fr: "Le fichier XML est abîmé (\(placeFR)), sans doute coupé ou modifié à la main : "
          + "\(again).",
        en: "The XML file is damaged (\(placeEN)): \(detail).")
    case .shape(let what, let expected):
      return Localized(
        fr: "Ce fichier n’a pas la forme d’un programme Blockly (\(placeFR)) : \(again).",
        en: "This is not a Blockly program (\(placeEN)): \(what) should be \(expected).")
    case .tooDeep(let limit):
      return Localized(
        fr: "Les blocs sont emboîtés trop profondément, plus de \(limit) niveaux (\(placeFR)).",
        en: "The blocks are nested too deeply, more than \(limit) levels (\(placeEN)).")
    case .encoding:
      return Localized(
        fr: "Le fichier n’est pas du texte UTF-8 (\(placeFR)) : \(again).",
        en: "The file is not UTF-8 text (\(placeEN)).")
    }
  }
}
