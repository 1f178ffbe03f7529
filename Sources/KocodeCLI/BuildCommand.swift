import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeSupport

/// `kocode build PROGRAM [-o OUT.kbc] [--board B] [--listing]`
enum BuildCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: ["--board", "-o", "--output"], flags: ["--listing"],
      text: context.text)
    guard arguments.positional.count == 1 else {
      throw CommandFailure(
        .usage,
        context.text.wrongArgumentCount("kocode build PROGRAM [-o OUT.kbc] [--board B] [--listing]")
      )
    }
    let path = arguments.positional[0]
    let board = try context.board(arguments.value("--board"))
    let image = try compile(path, board: board, context: context)
    guard let output = arguments.value("-o", "--output") ?? defaultOutput(path) else {
      throw CommandFailure(.usage, context.text.stdinNeedsOutput())
    }
    try context.write(image.fileBytes, to: output)
    if arguments.has("--listing") {
      context.console.out(Disassembler.listing(image, limits: BoardLimits(board)))
    }
    context.console.say(
      Localized(
        fr: "Image écrite dans \(output) : \(image.boardBytes.count) octets sur "
          + "\(board.limits.programBytes), CRC \(hex(image.linkCRC)).",
        en: "Wrote \(output): \(image.boardBytes.count) bytes of \(board.limits.programBytes), "
          + "CRC \(hex(image.linkCRC))."))
    return .success
  }

  /// Compiles a program file; prints its diagnostics and fails on errors.
  static func compile(
    _ path: String, board: BoardDefinition, context: Kocode.Context
  ) throws(CommandFailure) -> Image {
    let compilation = Compiler.compile(try context.readInput(path), board: board)
    DiagnosticText.print(compilation.diagnostics, file: path, to: context.console)
    guard let image = compilation.image else {
      throw CommandFailure(
        .dataError, DiagnosticText.summary(compilation.diagnostics).text(context.text.language))
    }
    return image
  }

  static func defaultOutput(_ path: String) -> String? {
    guard path != "-" else { return nil }
    return URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("kbc").path
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
