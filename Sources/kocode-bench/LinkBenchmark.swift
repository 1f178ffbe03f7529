import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeCompiler
import KocodeFirmware
import KocodeLink

/// The link's figures on virtual boards (issue goals, `docs/protocol.md`,
/// "Speed"): a flash to a running program for each mission, upload
/// throughput on a large image, and eight boards flashed at once.
struct LinkBenchmark {
  let root: URL
  let catalog: BoardCatalog
  let executable: URL
  /// 115200 baud, 8N1: ten bit times a byte.
  static let lineBytesPerSecond = 11_520.0
  /// simavr 1.6 spends 1,496 cycles on a byte at 16 MHz, UBRR 16 with U2X
  /// (117,647 baud, and it counts a parity bit that 8N1 does not send).
  static let virtualBytesPerSecond = 16_000_000.0 / 1_496
  /// Flashes measured per figure; the median is printed.
  static let repeats = 5

  init(root: URL, catalog: BoardCatalog) throws {
    self.root = root
    self.catalog = catalog
    executable = try VirtualBoardProcess.buildIfMissing(projectRoot: root)
  }

  func firmware(_ board: BoardDefinition) throws -> URL {
    try FirmwareBuilder(projectRoot: root, board: board).build().elf
  }

  func run() throws {
    print("\n## The link on the virtual board (real firmware in simavr, over a pty)\n")
    printPacing()
    let uno = try catalog.load("greenhouse-uno")
    try missions(uno)
    try throughput(try catalog.load("greenhouse-mega"))
    try eightBoards(uno)
  }

  private func printPacing() {
    let cycles = Int(16_000_000 / Self.virtualBytesPerSecond)
    let line = format(Self.virtualBytesPerSecond, 0)
    let share = format(Self.virtualBytesPerSecond / Self.lineBytesPerSecond * 100, 1)
    print(
      """
      The virtual UART is paced: simavr 1.6 hands each received byte to the firmware,
      and frees the transmitter, \(cycles) cycles after the one before, and kc-vboard
      keeps simulated time within about 1 ms of wall time. The virtual line carries at
      most \(line) bytes/s, \(share) % of a real 115200-baud line. EEPROM writes take no
      time in simavr (3.4 ms a byte on a real ATmega): these are the link's figures and
      the firmware's computing, not a real EEPROM's. Times are medians of \(Self.repeats)
      flashes, from the first request (BEGIN) to the program's `start` record; the
      reset wait of opening the port is left out. Load average before: \(Self.loadAverage()).

      """)
  }

  // MARK: - Each mission

  private func missions(_ uno: BoardDefinition) throws {
    let board = try BenchBoard(board: uno, firmware: try firmware(uno), executable: executable)
    let client = try board.connect()
    defer { client.session.transport.close() }
    row(["mission (\(uno.name))", "image bytes", "flash to running, ms", "chunks, ms"])
    row(["---", "---", "---", "---"])
    var typical: [Double] = []
    for (name, image) in solutions(uno) {
      let timings = try (0..<Self.repeats).map { _ in try FlashTiming.measure(image, on: client) }
      let running = median(timings.map(\.toRunning))
      typical.append(running)
      row([
        name, "\(image.boardBytes.count)", format(running * 1000, 1),
        format(median(timings.map(\.chunks)) * 1000, 1),
      ])
    }
    print(
      "\nFlash to running for a typical mission (the median over missions): "
        + "\(format(median(typical) * 1000, 1)) ms (goal < 300 ms)\n")
  }

  private func solutions(_ board: BoardDefinition) -> [(String, Image)] {
    let folder = root.appendingPathComponent("Missions")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().compactMap { name in
      let file = folder.appendingPathComponent("\(name)/solution.json")
      guard let data = FileManager.default.contents(atPath: file.path),
        let image = Compiler.compile([UInt8](data), board: board).image
      else { return nil }
      return (name, image)
    }
  }

  // MARK: - A large image

  private func throughput(_ mega: BoardDefinition) throws {
    let board = try BenchBoard(board: mega, firmware: try firmware(mega), executable: executable)
    let client = try board.connect()
    defer { client.session.transport.close() }
    guard let image = Self.largest(board: mega, limit: client.info.maxProgramBytes) else {
      throw BenchFailure("no generated program fits \(mega.name)")
    }
    let timings = try (0..<Self.repeats).map { _ in
      try FlashTiming.measure(image, on: client, board: board.process)
    }
    let bytes = Double(image.boardBytes.count)
    let whole = bytes / median(timings.map(\.toRunning))
    let chunks = bytes / median(timings.map(\.chunks))
    let pace = median(
      timings.compactMap { timing in
        timing.boardSeconds.flatMap { board in timing.wallSeconds.map { board / $0 } }
      })
    row(["upload on \(mega.name)", "bytes/s", "of 11,520 B/s", "of the virtual line"])
    row(["---", "---", "---", "---"])
    for (name, rate) in [("chunks only", chunks), ("whole flash, BEGIN to running", whole)] {
      row([
        name, format(rate, 0), format(rate / Self.lineBytesPerSecond * 100, 1) + " %",
        format(rate / Self.virtualBytesPerSecond * 100, 1) + " %",
      ])
    }
    print(
      "\nImage: \(image.boardBytes.count) bytes of the \(client.info.maxProgramBytes) a slot "
        + "holds, \(format(median(timings.map(\.toRunning)) * 1000, 1)) ms a flash. "
        + "Upload throughput (the chunks): "
        + "\(format(chunks / Self.lineBytesPerSecond * 100, 1)) % of 11,520 B/s (goal ≥ 80 %); "
        + "the whole flash, with the stop, read-back, verification and start: "
        + "\(format(whole / Self.lineBytesPerSecond * 100, 1)) % (docs/protocol.md, \"Speed\").")
    print(
      "Board time ÷ wall time over the flash: \(format(pace, 3)) (1: the simulation kept "
        + "pace, so the UART's timing is real time).")
    print(
      "Where a flash's time goes (ms): BEGIN \(format(median(timings.map(\.begin)) * 1000, 1)), "
        + "chunks \(format(median(timings.map(\.chunks)) * 1000, 1)), COMMIT and HELLO "
        + "\(format(median(timings.map(\.commit)) * 1000, 1)).")
    let slot = Double(client.info.maxProgramBytes)
    print(
      "On a real board, EEPROM writes add 3.4 ms a changed byte: a full "
        + "\(client.info.maxProgramBytes)-byte slot written from scratch costs "
        + "\(format(slot * 0.0034, 1)) s more.\n")
  }

  /// The largest generated program whose image fits `limit` bytes.
  static func largest(board: BoardDefinition, limit: Int) -> Image? {
    var best: Image?
    var low = 1
    var high = 2_000
    while low <= high {
      let middle = (low + high) / 2
      let source = Array(ProgramGenerator.watering(blocks: middle * 8 + 1).utf8)
      if let image = Compiler.compile(source, board: board).image,
        image.boardBytes.count <= limit
      {
        best = image
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    return best
  }

  // MARK: - Eight boards at once

  private func eightBoards(_ uno: BoardDefinition) throws {
    let elf = try firmware(uno)
    let boards = try (0..<8).map { _ in
      try BenchBoard(board: uno, firmware: elf, executable: executable)
    }
    let clients = try boards.map { try $0.connect() }
    defer { for client in clients { client.session.transport.close() } }
    let image = Compiler.compile(
      Array(
        (try? Data(contentsOf: root.appendingPathComponent("Missions/hysteresis/solution.json")))
          ?? Data()),
      board: uno
    ).image
    guard let image else { throw BenchFailure("Missions/hysteresis does not compile") }
    var alone: [Double] = []
    var together: [Double] = []
    var paces: [Double] = []
    var busy: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<Self.repeats {
      alone.append(try FlashTiming.measure(image, on: clients[0]).toRunning)
      let before = try boards.map { try $0.process.ping() }
      let pinged = clock.now
      let cpu = Self.cpuSeconds()
      let start = clock.now
      let failures = flashAll(image, clients)
      guard failures.isEmpty else { throw BenchFailure("eight boards: \(failures)") }
      together.append(seconds(clock.now - start))
      busy.append((Self.cpuSeconds() - cpu) / seconds(clock.now - start))
      let after = try boards.map { try $0.process.ping() }
      let wall = seconds(clock.now - pinged)
      paces += zip(before, after).map { Double($1.microseconds - $0.microseconds) / 1e6 / wall }
    }
    let one = median(alone)
    let eight = median(together)
    row(["boards (\(uno.name), Missions/hysteresis)", "flash to running, ms"])
    row(["---", "---"])
    row(["1", format(one * 1000, 1)])
    row(["8 at once (until the last runs)", format(eight * 1000, 1)])
    print(
      "\nEight boards ÷ one: \(format(eight / one, 2)) (goal ≤ 2), with "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores for the eight simulators "
        + "and the host (load average now: \(Self.loadAverage())).")
    print(
      "Board time ÷ wall time of the slowest board while the eight flash: "
        + "\(format(paces.min() ?? 0, 2)) (below 1: this computer could not simulate eight "
        + "AVRs in real time; eight real boards each have their own chip).")
    print(
      "Processor time of the eight simulators and the host while they flash: "
        + "\(format(median(busy), 2)) cores on average.\n")
  }

  /// Processor time used so far by this process and its children (the
  /// simulators), in seconds, from `/proc` (clock ticks: 10 ms steps).
  static func cpuSeconds() -> Double {
    let me = getpid()
    var ticks = 0
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for name in names where name.allSatisfy(\.isNumber) {
      guard let text = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
      else { continue }
      // After the name in parentheses: state, ppid, …; utime and stime
      // are the 14th and 15th fields of the line.
      let fields = text[text.index(after: close)...].split(separator: " ")
      guard fields.count > 13, let parent = Int32(fields[1]),
        parent == me || Int32(name) == me,
        let user = Int(fields[11]), let system = Int(fields[12])
      else { continue }
      ticks += user + system
    }
    return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// The first figure of `/proc/loadavg`: how busy the computer was.
  static func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return String(text.split(separator: " ").first ?? "?")
  }

  /// Flashes every board at once, one thread each; returns what failed.
  /// Threads of their own, not Dispatch's pool: its threads block in
  /// `poll`, and on Linux the pool runs only as many as there are cores.
  private func flashAll(_ image: Image, _ clients: [BoardClient]) -> [String] {
    let lock = NSLock()
    nonisolated(unsafe) var failed: [String] = []
    nonisolated(unsafe) let shared = clients
    let group = DispatchGroup()
    for index in clients.indices {
      group.enter()
      Thread.detachNewThread {
        do {
          _ = try FlashTiming.measure(image, on: shared[index])
        } catch {
          lock.lock()
          failed.append("board \(index + 1): \(error)")
          lock.unlock()
        }
        group.leave()
      }
    }
    group.wait()
    return failed
  }
}
