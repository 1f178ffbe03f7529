import Foundation
import KocodeTableGen

// kocode-tablegen [--check] [ROOT]: writes (or, with --check, compares) the
// files generated from the opcode table.
var arguments = Array(CommandLine.arguments.dropFirst())
let check = arguments.contains("--check")
arguments.removeAll { $0 == "--check" }
let root = URL(fileURLWithPath: arguments.first ?? FileManager.default.currentDirectoryPath)

do {
  let text = try String(
    contentsOf: root.appendingPathComponent(GeneratedFiles.tablePath), encoding: .utf8)
  let table = try OpcodeTable(parsing: text)
  var stale: [String] = []
  for (path, content) in GeneratedFiles.render(table).sorted(by: { $0.key < $1.key }) {
    let url = root.appendingPathComponent(path)
    let current = try? String(contentsOf: url, encoding: .utf8)
    if current == content { continue }
    if check {
      stale.append(path)
    } else {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try content.write(to: url, atomically: true, encoding: .utf8)
      print("wrote \(path)")
    }
  }
  if !stale.isEmpty {
    FileHandle.standardError.write(
      Data("stale generated files (run `make generate`): \(stale.joined(separator: ", "))\n".utf8))
    exit(1)
  }
} catch {
  FileHandle.standardError.write(Data("kocode-tablegen: \(error)\n".utf8))
  exit(1)
}
