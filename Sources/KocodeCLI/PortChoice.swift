import Foundation
import KocodeBoard
import KocodeLink
import KocodeSupport

/// Which board a link command talks to: `--port PATH`, `--port NAME` (the
/// name stored on the board), `--port auto` (the only Kocode board, or ask)
/// or `--all` (every Kocode board). Boards are opened once, and the open
/// connection is handed on: opening a port resets an Uno.
enum PortChoice {
  /// A board that answered, with its connection open.
  struct Connected {
    var port: String
    var client: BoardClient

    var label: String {
      client.info.name.isEmpty ? port : "\(client.info.name) (\(port))"
    }
  }

  /// The ports that may hold a board: the virtual boards of this computer
  /// and USB serial ports.
  static func candidates(_ context: Kocode.Context) -> [String] {
    var ports = VirtualBoardRegistry.entries(context.environment).map(\.port)
    let devices = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
    ports += devices.filter { $0.hasPrefix("ttyACM") || $0.hasPrefix("ttyUSB") }.sorted()
      .map { "/dev/" + $0 }
    // Each once: a port opened twice at the same time would look busy.
    var seen = Set<String>()
    return ports.filter { seen.insert($0).inserted }
  }

  static func open(_ port: String, context: Kocode.Context) throws(CommandFailure) -> Connected {
    do {
      context.console.detail(
        Localized(
          fr: "Ouverture de \(port) : une carte Uno redémarre, on l’attend.",
          en: "Opening \(port): an Uno restarts, waiting for it."))
      let transport = try Transports.open(path: port, environment: context.environment)
      return Connected(port: port, client: try BoardClient(transport: transport))
    } catch {
      throw LinkText.failure(error, context.text)
    }
  }

  /// The boards a command works on, and the ports that may hold a board but
  /// could not be asked (busy, permission denied, no Kocode answer): `--all`
  /// reports those as failures rather than leave a board out without a word.
  struct Choice {
    var boards: [Connected]
    var unreachable: [CommandFailure] = []
  }

  /// Every candidate that answers a hello, opened in parallel, and why the
  /// others did not.
  static func answering(_ context: Kocode.Context) -> Choice {
    let ports = candidates(context)
    let results = Locked([Connected?](repeating: nil, count: ports.count))
    let refused = Locked([CommandFailure?](repeating: nil, count: ports.count))
    inParallel(ports.count) { index in
      var opened: (any Transport)?
      do throws(LinkError) {
        let transport = try Transports.open(path: ports[index], environment: context.environment)
        opened = transport
        let client = try BoardClient(transport: transport)
        results.update { $0[index] = Connected(port: ports[index], client: client) }
      } catch {
        opened?.close()
        // A port gone since the listing is no board; any other is one that
        // `--all` must not leave out without a word.
        if case .noSuchPort = error { return }
        refused.update { $0[index] = LinkText.failure(error, context.text) }
      }
    }
    return Choice(
      boards: results.value.compactMap { $0 }, unreachable: refused.value.compactMap { $0 })
  }

  /// The boards `--port` and `--all` name. With `--all`, the ports that
  /// could not be opened come back beside them; when no board answers, the
  /// first of those is the error.
  static func choose(
    port: String?, all: Bool, context: Kocode.Context
  ) throws(CommandFailure) -> Choice {
    let text = context.text
    if all {
      let found = answering(context)
      guard !found.boards.isEmpty else {
        throw found.unreachable.first ?? CommandFailure(.unavailable, text.noKocodeBoard())
      }
      return found
    }
    let wanted = port ?? "auto"
    if wanted != "auto" && (wanted.contains("/") || FileManager.default.fileExists(atPath: wanted))
    {
      return Choice(boards: [try open(wanted, context: context)])
    }
    let found = answering(context)
    let boards = found.boards
    if wanted != "auto" {
      let named = boards.filter { $0.client.info.name == wanted }
      guard let board = named.first else {
        throw found.unreachable.first
          ?? CommandFailure(.ioError, text.noBoardNamed(wanted, known: boards.map(\.label)))
      }
      return Choice(boards: [board])
    }
    switch boards.count {
    case 0: throw found.unreachable.first ?? CommandFailure(.unavailable, text.noKocodeBoard())
    case 1: return Choice(boards: boards)
    default:
      guard isatty(STDIN_FILENO) == 1 else {
        throw CommandFailure(.usage, text.severalBoards(boards.map(\.label)))
      }
      return Choice(boards: [try ask(boards, context: context)])
    }
  }

  /// Lets the person at the terminal pick one board.
  static func ask(_ boards: [Connected], context: Kocode.Context) throws(CommandFailure)
    -> Connected
  {
    for (index, board) in boards.enumerated() {
      context.console.problem("  \(index + 1). \(board.label)")
    }
    let question = context.text.pick("Quelle carte ? (numéro) ", "Which board? (number) ")
    context.console.problem(question)
    guard let line = readLine(), let number = Int(line.trimmingCharacters(in: .whitespaces)),
      (1...boards.count).contains(number)
    else { throw CommandFailure(.usage, context.text.severalBoards(boards.map(\.label))) }
    return boards[number - 1]
  }
}

/// Runs `body` for 0..<count, each on its own thread, and waits for all:
/// boards answer slowly, so they are talked to at once, not two by two.
/// Threads of their own, not Dispatch's pool: a link blocks in `poll`, and
/// on Linux the pool runs only about as many blocked tasks as there are
/// cores (eight boards took four times as long as one on two cores).
func inParallel(_ count: Int, _ body: (Int) -> Void) {
  withoutActuallyEscaping(body) { body in
    // The threads hold the box, never the closure itself: a thread lets go
    // of its block a little after the block ends, and the closure must not
    // outlive this call (Swift checks, and traps).
    let shared = ClosureBox(body)
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      Thread.detachNewThread {
        shared.body?(index)
        group.leave()
      }
    }
    group.wait()
    shared.body = nil
  }
}

/// A value shared by threads.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }

  func update(_ change: (inout Value) -> Void) {
    lock.lock()
    defer { lock.unlock() }
    change(&stored)
  }
}

/// A closure handed to other threads, dropped once they are done.
private final class ClosureBox: @unchecked Sendable {
  var body: ((Int) -> Void)?
  init(_ body: @escaping (Int) -> Void) { self.body = body }
}
