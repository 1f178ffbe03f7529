import KocodeSupport

/// How the editor shows one of Kocode's own blocks, in both languages.
/// Blockly's standard blocks bring their own words; Kocode's blocks get
/// theirs from here through `BlocklyDefinitions`, so the catalogue the
/// checker uses is also the only source of the editor's blocks.
public struct BlockText: Sendable, Equatable {
  /// The words on the block with `{NAME}` where a field or an input of the
  /// spec goes (each exactly once), and a line break where a new row starts
  /// (before a statement input, so its mouth sits under the words).
  public var message: Localized
  /// The help shown when the mouse rests on the block.
  public var tooltip: Localized
  /// What a free-text field holds when the block comes out of the toolbox.
  public var defaults: [String: Localized]

  public init(
    fr: String, en: String, tipFR: String, tipEN: String,
    defaults: [String: Localized] = [:]
  ) {
    message = Localized(fr: fr, en: en)
    tooltip = Localized(fr: tipFR, en: tipEN)
    self.defaults = defaults
  }

  /// One piece of a row of the message: words, or the place of a field or
  /// an input.
  public enum Piece: Equatable, Sendable {
    case words(String)
    case slot(String)
  }

  /// The message in `language`, split into rows and pieces.
  public func rows(_ language: Language) -> [[Piece]] {
    message.text(language).split(separator: "\n", omittingEmptySubsequences: false).map {
      Self.pieces(of: String($0))
    }
  }

  /// Words and `{NAME}` slots, in order; blanks around slots stay with the
  /// words, and words that are only blanks are dropped.
  static func pieces(of row: String) -> [Piece] {
    var result: [Piece] = []
    var rest = Substring(row)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result.append(.words(String(rest[..<open])))
      result.append(.slot(String(rest[rest.index(after: open)..<close])))
      rest = rest[rest.index(after: close)...]
    }
    result.append(.words(String(rest)))
    return result.compactMap { piece in
      guard case .words(let text) = piece else { return piece }
      let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
      return trimmed.isEmpty ? nil : .words(String(trimmed.reversed()))
    }
  }
}
