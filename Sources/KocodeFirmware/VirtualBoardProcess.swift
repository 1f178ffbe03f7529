import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `kc-vboard` as a child process: the firmware ELF in simavr behind a
/// pseudo-terminal, with the control channel on its standard input and
/// output (`VirtualBoard/README.md`). Collects every event with its cycle
/// and microsecond times; sends sensor settings, resets and pings.
public final class VirtualBoardProcess: @unchecked Sendable {
  public struct Options: Sendable {
    /// simavr's MCU name (`atmega328p`, `atmega2560`); nil: the ELF's.
    public var mcu: String?
    /// The raw EEPROM file, loaded at start and kept up to date.
    public var eeprom: URL?
    /// Run as fast as the host can instead of in real time. Board times
    /// come from cycles either way.
    public var fast: Bool
    /// How long the chip stays in reset after an open or a `reset`.
    public var bootDelayMS: Int?
    public var extraArguments: [String]
    /// Control lines sent as soon as the board runs, before anything else
    /// (the inputs it starts with).
    public var initialCommands: [String] = []
    /// Keep every event for `events` and `waitForEvent`. A board that runs
    /// for hours with a handler turns this off, so that memory stays flat.
    public var keepsEvents = true
    /// Told of every event, in order, on the thread that reads them; an
    /// event before a `pong` is always handled before `ping` returns.
    public var eventHandler: (@Sendable (VirtualBoardEvent) -> Void)?

    public init(
      mcu: String? = nil, eeprom: URL? = nil, fast: Bool = false, bootDelayMS: Int? = nil,
      extraArguments: [String] = []
    ) {
      self.mcu = mcu
      self.eeprom = eeprom
      self.fast = fast
      self.bootDelayMS = bootDelayMS
      self.extraArguments = extraArguments
    }
  }

  public let executable: URL
  public let firmware: URL
  public let options: Options

  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let errors = Pipe()
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var received: [VirtualBoardEvent] = []
  private var portPath: String?
  /// The latest answers to `ping`, and how many came in all.
  private var pongs: [VirtualBoardTime] = []
  private var pongCount = 0
  private var outputEnded = false
  private var errorsEnded = false
  private var errorText = Data()

  public init(executable: URL, firmware: URL, options: Options = Options()) {
    self.executable = executable
    self.firmware = firmware
    self.options = options
  }

  deinit { stop() }

  /// Where `make -C VirtualBoard` puts `kc-vboard`.
  public static func executable(projectRoot: URL) -> URL {
    projectRoot.appendingPathComponent(".build/vboard/kc-vboard")
  }

  /// `kc-vboard`, built with `make -C VirtualBoard` first when missing.
  public static func buildIfMissing(projectRoot: URL) throws(FirmwareError) -> URL {
    let path = executable(projectRoot: projectRoot)
    if !FileManager.default.isExecutableFile(atPath: path.path) {
      let folder = projectRoot.appendingPathComponent("VirtualBoard").path
      let lock = try FolderLock(folder: projectRoot.appendingPathComponent(".build"))
      defer { lock.release() }
      if !FileManager.default.isExecutableFile(atPath: path.path) {
        try ShellCommand.check("make", ["-s", "-C", folder])
      }
    }
    return path
  }

  // MARK: - Starting and stopping

  /// Starts the board and waits for its `port …` line; returns the port.
  @discardableResult
  public func start(timeout: TimeInterval = 10) throws(FirmwareError) -> String {
    // A board that died must not kill the test process through SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    var arguments = ["--firmware", firmware.path, "--exit-on-eof", "-q"]
    if let mcu = options.mcu { arguments += ["--mcu", mcu] }
    if let eeprom = options.eeprom { arguments += ["--eeprom", eeprom.path] }
    if options.fast { arguments.append("--fast") }
    if let delay = options.bootDelayMS { arguments += ["--boot-delay", String(delay)] }
    process.executableURL = executable
    process.arguments = arguments + options.extraArguments
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    // A child inherits the signal mask of the thread that starts it, and
    // worker threads block nearly every signal: kc-vboard would then ignore
    // SIGTERM and SIGINT. It starts with none blocked, as from a shell.
    var none = sigset_t()
    var mask = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &mask)
    do {
      try process.run()
      pthread_sigmask(SIG_SETMASK, &mask, nil)
    } catch {
      pthread_sigmask(SIG_SETMASK, &mask, nil)
      throw .virtualBoardFailed("\(executable.path): \(error)")
    }
    startReading(output.fileHandleForReading.fileDescriptor, lines: true)
    startReading(errors.fileHandleForReading.fileDescriptor, lines: false)
    // In the pipe before the simulation's first look at it, a millisecond in.
    for command in options.initialCommands { try send(command) }
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while portPath == nil && !outputEnded {
      if !condition.wait(until: deadline) { break }
    }
    guard let port = portPath else {
      guard outputEnded else { throw .virtualBoardTimeout("the port line") }
      // It exited: what it said on standard error tells why.
      let said = Date(timeIntervalSinceNow: 1)
      while !errorsEnded && condition.wait(until: said) {}
      throw .virtualBoardFailed(String(decoding: errorText, as: UTF8.self))
    }
    return port
  }

  /// Asks the board to quit, and ends it if it does not within 2 s.
  public func stop() {
    guard process.isRunning else { return }
    try? send("quit")
    let deadline = Date(timeIntervalSinceNow: 2)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    try? input.fileHandleForWriting.close()
  }

  /// The board process is running (it was started and has not exited).
  public var isRunning: Bool { process.isRunning }
  /// The kc-vboard process's id (what the registry of virtual boards keys on).
  public var processIdentifier: Int32 { process.processIdentifier }

  /// The pseudo-terminal of the board's UART.
  public var port: String? {
    condition.lock()
    defer { condition.unlock() }
    return portPath
  }

  /// What the board printed on standard error so far.
  public var diagnostics: String {
    condition.lock()
    defer { condition.unlock() }
    return String(decoding: errorText, as: UTF8.self)
  }

  // MARK: - Commands

  /// Sends one control line (`analog A0 512`, `digital D2 1`, `reset`…).
  public func send(_ line: String) throws(FirmwareError) {
    do {
      try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    } catch {
      throw .virtualBoardFailed("cannot send '\(line)': \(error)")
    }
  }

  /// A raw reading 0…1023 on an analog pin (`A0`).
  public func setAnalog(_ pin: String, raw: Int) throws(FirmwareError) {
    try send("analog \(pin) \(raw)")
  }

  /// Drives a digital pin high or low; nil releases it.
  public func setDigital(_ pin: String, high: Bool?) throws(FirmwareError) {
    try send("digital \(pin) \(high.map { $0 ? "1" : "0" } ?? "release")")
  }

  /// An external reset, as the Uno's reset button.
  public func reset() throws(FirmwareError) { try send("reset") }

  /// Sends `ping` and waits for its `pong`: every earlier command has
  /// taken effect by then. Returns the board's time at the answer.
  @discardableResult
  public func ping(timeout: TimeInterval = 10) throws(FirmwareError) -> VirtualBoardTime {
    condition.lock()
    let asked = pongCount
    condition.unlock()
    try send("ping")
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while pongCount <= asked && !outputEnded {
      if !condition.wait(until: deadline) { break }
    }
    guard pongCount > asked else { throw .virtualBoardTimeout("an answer to ping") }
    let kept = pongCount - pongs.count
    return pongs[max(asked - kept, 0)]
  }

  /// Waits until the board's time reaches `microseconds` (in real time,
  /// or faster with `fast`); returns the time of the last answer.
  @discardableResult
  public func advance(toMicroseconds microseconds: UInt64, timeout: TimeInterval)
    throws(FirmwareError) -> VirtualBoardTime
  {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while true {
      let now = try ping(timeout: max(1, deadline.timeIntervalSinceNow))
      if now.microseconds >= microseconds { return now }
      guard Date() < deadline else {
        throw .virtualBoardTimeout("board time \(microseconds) µs; it is at \(now)")
      }
      usleep(options.fast ? 5_000 : 20_000)
    }
  }

  // MARK: - Events

  /// Every event so far, in order.
  public var events: [VirtualBoardEvent] {
    condition.lock()
    defer { condition.unlock() }
    return received
  }

  /// Waits for the first event from index `start` on that matches; returns
  /// its index and the event, or nil after the timeout.
  public func waitForEvent(
    from start: Int = 0, timeout: TimeInterval, where matches: (VirtualBoardEvent) -> Bool
  ) -> (index: Int, event: VirtualBoardEvent)? {
    let deadline = Date(timeIntervalSinceNow: timeout)
    var next = start
    condition.lock()
    defer { condition.unlock() }
    while true {
      while next < received.count {
        if matches(received[next]) { return (next, received[next]) }
        next += 1
      }
      if outputEnded || !condition.wait(until: deadline) { return nil }
    }
  }

  // MARK: - Reading

  private func startReading(_ descriptor: Int32, lines: Bool) {
    let thread = Thread { [weak self] in
      var pending = [UInt8]()
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0, let self else { break }
        if lines {
          pending += buffer[0..<count]
          while let end = pending.firstIndex(of: 0x0A) {
            self.take(line: String(decoding: pending[..<end], as: UTF8.self))
            pending.removeSubrange(...end)
          }
        } else {
          self.condition.lock()
          self.errorText.append(contentsOf: buffer[0..<count])
          self.condition.unlock()
        }
      }
      if let self {
        self.condition.lock()
        if lines { self.outputEnded = true } else { self.errorsEnded = true }
        self.condition.broadcast()
        self.condition.unlock()
      }
    }
    thread.start()
  }

  private func take(line: String) {
    condition.lock()
    let isPort = portPath == nil && line.hasPrefix("port ")
    if isPort { portPath = String(line.dropFirst(5)) }
    condition.unlock()
    var event: VirtualBoardEvent?
    if !isPort {
      let parsed = VirtualBoardEvent(line: line)
      // Handled before it is stored, so that a `pong` finds it done.
      options.eventHandler?(parsed)
      event = parsed
    }
    condition.lock()
    defer { condition.unlock() }
    if let event {
      if case .pong(let time) = event {
        // A board pinged ten times a second for hours keeps only the latest.
        if pongs.count >= 64 { pongs.removeFirst(32) }
        pongs.append(time)
        pongCount += 1
      }
      if options.keepsEvents { received.append(event) }
    }
    condition.broadcast()
  }
}
