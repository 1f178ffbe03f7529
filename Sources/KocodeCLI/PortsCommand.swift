import Foundation
import KocodeBoard
import KocodeLink
import KocodeSupport

/// `kocode ports [--probe] [--json]`: the serial ports of this computer and
/// the virtual boards, with a guess of what is behind each; `--probe` asks
/// each for a Kocode hello.
enum PortsCommand {
  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let arguments = try Arguments(
      context.arguments, valued: [], flags: ["--probe", "--json"], text: context.text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(
        .usage, context.text.wrongArgumentCount("kocode ports [--probe] [--json]"))
    }
    let scanner = PortScanner(environment: context.environment)
    let ports = scanner.scan()
    var results: [ProbeResult]?
    if arguments.has("--probe"), !ports.isEmpty {
      context.console.say(context.text.probeResets())
      results = scanner.probe(ports)
    }
    let names = boardNames(context)
    if arguments.has("--json") {
      let objects = ports.indices.map { index in
        json(ports[index], results?[index], names: names)
      }
      context.console.line("[" + objects.joined(separator: ",") + "]")
    } else if ports.isEmpty {
      context.console.say(context.text.noPorts())
    } else {
      for (index, port) in ports.enumerated() {
        context.console.line(line(port, context.text))
        if let result = results?[index] {
          let name = result.boardID.flatMap { names[$0] }
          let answer = context.text.probeAnswer(result, port: port.port, boardName: name)
          context.console.line("    " + answer)
        }
      }
    }
    return .success
  }

  /// `/dev/ttyACM0  2341:0043  Arduino Uno  →  an Arduino Uno (its own USB chip)`
  static func line(_ port: ScannedPort, _ text: CLIText) -> String {
    var parts = [port.port]
    if let ids = ids(port) { parts.append(ids) }
    // Built-in ports are described by their own name: no need to say it twice.
    let name = URL(fileURLWithPath: port.port).lastPathComponent
    if let description = port.description, description != name { parts.append(description) }
    if let serial = port.serialNumber { parts.append("n° \(serial)") }
    return parts.joined(separator: "  ") + "  →  " + text.portGuess(port)
  }

  static func ids(_ port: ScannedPort) -> String? {
    guard let vendor = port.vendorID, let product = port.productID else { return nil }
    return hex4(vendor) + ":" + hex4(product)
  }

  static func hex4(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// Board type names by board id, from the catalog (none when it is not found).
  static func boardNames(_ context: Kocode.Context) -> [UInt16: String] {
    guard let catalog = try? context.catalog() else { return [:] }
    var names: [UInt16: String] = [:]
    for name in catalog.names() {
      if let board = try? catalog.load(name) { names[UInt16(board.id)] = name }
    }
    return names
  }

  /// One port as a JSON object (`cli.md`, `kocode ports --json`).
  static func json(_ port: ScannedPort, _ result: ProbeResult?, names: [UInt16: String]) -> String {
    var pairs: [(String, JSONText.Value)] = [
      ("port", .string(port.port)), ("kind", .string(port.kind.rawValue)),
      ("vid", port.vendorID.map { .string(hex4($0)) } ?? .null),
      ("pid", port.productID.map { .string(hex4($0)) } ?? .null),
      ("guess", .string(port.guess.rawValue)),
      ("description", port.description.map { .string($0) } ?? .null),
      ("serial", port.serialNumber.map { .string($0) } ?? .null),
      ("board", port.virtualBoard.map { .string($0) } ?? .null),
    ]
    var kocode = JSONText.Value.null
    if case .kocode(let info) = result {
      kocode = .raw(
        JSONText.object([
          ("firmware", .int(Int(info.firmwareVersion))),
          ("protocol", .int(Int(info.protocolVersion))),
          ("board_id", .int(Int(info.boardID))),
          ("board", names[info.boardID].map { .string($0) } ?? .null),
          ("name", .string(info.name)),
          ("program_crc", info.hasProgram ? .string(BuildCommand.hex(info.programCRC)) : .null),
        ]))
    }
    pairs.append(("kocode", kocode))
    if let result { pairs.append(("probe", .string(result.outcome))) }
    return JSONText.object(pairs)
  }
}

extension ProbeResult {
  var boardID: UInt16? {
    if case .kocode(let info) = self { return info.boardID }
    return nil
  }

  /// A word for `--json`: `kocode`, `no_kocode`, or why the port failed.
  var outcome: String {
    switch self {
    case .kocode: "kocode"
    case .noKocode: "no_kocode"
    case .failed(.noSuchPort): "no_such_port"
    case .failed(.permissionDenied): "permission_denied"
    case .failed(.busy): "busy"
    case .failed(.noAnswer): "no_kocode"
    case .failed(.lost): "lost"
    case .failed(.system): "error"
    }
  }
}
