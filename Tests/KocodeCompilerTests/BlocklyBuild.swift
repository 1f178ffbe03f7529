import Foundation

/// A real Blockly for the round-trip test, never kept in the repository:
/// Blockly 11.1.1 as the `jupyterlab-blockly` wheel on PyPI ships it (the
/// JupyterLab extension's webpack chunks), downloaded once with pip into
/// the temporary folder and checked against its SHA-256. `KOCODE_BLOCKLY`
/// may name a folder of those chunks instead.
enum BlocklyBuild {
  static let requirement = "jupyterlab-blockly==0.3.3"
  static let wheel = "jupyterlab_blockly-0.3.3-py3-none-any.whl"
  static let sha256 = "91cdeb77949ba4694d92c5b28ec2b62ecb3852983f62e7a1833bb1a204eff4b3"
  static let chunks =
    "jupyterlab_blockly-0.3.3.data/data/share/jupyter/labextensions/"
    + "jupyterlab-blockly-extension/static"

  /// The folder of Blockly's chunks, or why the test cannot have one.
  static let located: Result<URL, Unavailable> = locate()

  struct Unavailable: Error {
    var reason: String
  }

  static func locate() -> Result<URL, Unavailable> {
    guard run(["node", "--version"]).status == 0 else {
      return .failure(Unavailable(reason: "node is not installed"))
    }
    if let folder = ProcessInfo.processInfo.environment["KOCODE_BLOCKLY"] {
      return .success(URL(fileURLWithPath: folder))
    }
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("kocode-blockly")
    let folder = cache.appendingPathComponent("unpacked").appendingPathComponent(chunks)
    if FileManager.default.fileExists(atPath: folder.path) { return .success(folder) }

    let download = run(
      [
        "python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
        "--retries", "0", "--timeout", "20", "-d", cache.path, requirement,
      ], seconds: 180)
    let file = cache.appendingPathComponent(wheel)
    guard download.status == 0, FileManager.default.fileExists(atPath: file.path) else {
      let lines = (download.output + download.error).split(separator: "\n")
      let said = String(lines.last { $0.contains("rror") } ?? lines.last ?? "")
      return .failure(Unavailable(reason: "pip could not download \(requirement): \(said)"))
    }
    let hash = run([
      "python3", "-c",
      "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())",
      file.path,
    ])
    guard hash.output.trimmingCharacters(in: .whitespacesAndNewlines) == sha256 else {
      return .failure(Unavailable(reason: "\(wheel) is not the expected file (SHA-256)"))
    }
    let unpacked = cache.appendingPathComponent("unpacked")
    let unzip = run(["python3", "-m", "zipfile", "-e", file.path, unpacked.path])
    guard unzip.status == 0, FileManager.default.fileExists(atPath: folder.path) else {
      return .failure(Unavailable(reason: "\(wheel) could not be unpacked"))
    }
    return .success(folder)
  }

  /// Runs a program found on the PATH: its exit status, standard output
  /// and standard error. Killed after `seconds`.
  static func run(
    _ arguments: [String], seconds: Double = 60
  ) -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-blockly-\(UUID().uuidString).out")
    let error = output.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: error.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: error)
    }
    do {
      process.standardOutput = try FileHandle(forWritingTo: output)
      process.standardError = try FileHandle(forWritingTo: error)
      try process.run()
    } catch {
      return (-1, "", "\(arguments[0]): \(error)")
    }
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let written = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    let said = (try? String(contentsOf: error, encoding: .utf8)) ?? ""
    return (process.terminationStatus, written, said)
  }
}
