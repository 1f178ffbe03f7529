import Foundation

/// Runs a program found on `PATH` and collects what it prints, standard
/// output and standard error together.
enum ShellCommand {
  struct Outcome: Sendable {
    var status: Int32
    var output: String
  }

  /// `env` answers 127 when it finds no such program.
  static let notFoundStatus: Int32 = 127

  static func run(_ program: String, _ arguments: [String]) throws(FirmwareError) -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .commandFailed(command: program, status: -1, output: "\(error)")
    }
    // Read before waiting: a full pipe would block the child for ever.
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    if process.terminationStatus == notFoundStatus, output.contains("No such file") {
      throw .toolMissing(program)
    }
    return Outcome(status: process.terminationStatus, output: output)
  }

  /// Runs the program and throws unless it succeeds.
  @discardableResult
  static func check(_ program: String, _ arguments: [String]) throws(FirmwareError) -> String {
    let outcome = try run(program, arguments)
    guard outcome.status == 0 else {
      let command = ([program] + arguments).joined(separator: " ")
      throw .commandFailed(command: command, status: outcome.status, output: outcome.output)
    }
    return outcome.output
  }
}
