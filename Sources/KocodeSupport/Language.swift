import Foundation

/// The languages Kocode speaks: French first, English too.
public enum Language: String, Sendable, CaseIterable {
  case fr, en

  /// `--lang` if given, else the locale (`LC_ALL`, then `LC_MESSAGES`, then
  /// `LANG`: `fr*` means French), else English.
  public static func resolve(
    flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Language {
    if let flag, let language = Language(rawValue: flag.lowercased()) { return language }
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[key], !value.isEmpty else { continue }
      return value.lowercased().hasPrefix("fr") ? .fr : .en
    }
    return .en
  }
}

/// A sentence in both languages.
public struct Localized: Sendable, Equatable {
  public var fr: String
  public var en: String

  public init(fr: String, en: String) {
    self.fr = fr
    self.en = en
  }

  public func text(_ language: Language) -> String {
    language == .fr ? fr : en
  }
}
