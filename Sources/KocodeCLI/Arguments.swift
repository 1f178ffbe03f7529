/// A small hand-written argument parser: options with values (`--board B`
/// or `--board=B`), repeatable options, flags and positional arguments.
struct Arguments {
  /// Options that take a value, by every spelling.
  let valued: Set<String>
  /// Options that are flags.
  let flags: Set<String>

  private(set) var values: [String: [String]] = [:]
  private(set) var present: Set<String> = []
  private(set) var positional: [String] = []

  init(
    _ tokens: [String], valued: Set<String>, flags: Set<String>, text: CLIText
  ) throws(CommandFailure) {
    self.valued = valued.union(["--lang"])
    self.flags = flags.union(["--help", "-h", "-v", "-q", "--verbose", "--quiet"])
    var index = 0
    var onlyPositional = false
    while index < tokens.count {
      let token = tokens[index]
      index += 1
      if onlyPositional || token == "-" || !token.hasPrefix("-") {
        positional.append(token)
        continue
      }
      if token == "--" {
        onlyPositional = true
        continue
      }
      var name = token
      var inline: String?
      if let equals = token.firstIndex(of: "="), token.hasPrefix("--") {
        name = String(token[..<equals])
        inline = String(token[token.index(after: equals)...])
      }
      if self.valued.contains(name) {
        guard let value = inline ?? (index < tokens.count ? tokens[index] : nil) else {
          throw CommandFailure(.usage, text.missingValue(name))
        }
        if inline == nil { index += 1 }
        values[name, default: []].append(value)
      } else if self.flags.contains(name), inline == nil {
        present.insert(name)
      } else {
        throw CommandFailure(.usage, text.unknownOption(token))
      }
    }
  }

  /// The last value of an option (a later one wins).
  func value(_ names: String...) -> String? {
    names.compactMap { values[$0]?.last }.last
  }

  func all(_ name: String) -> [String] { values[name] ?? [] }

  func has(_ names: String...) -> Bool { names.contains { present.contains($0) } }
}
