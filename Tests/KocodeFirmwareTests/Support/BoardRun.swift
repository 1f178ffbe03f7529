import Foundation
import KocodeBoard
import KocodeFirmware
import KocodeLink

/// A program run on the firmware inside the virtual board: the board is
/// started with an EEPROM file, its inputs are set, then the host opens
/// its port, which resets it (as opening an Uno's port does), and the run
/// is watched from that reset on.
struct BoardRun {
  /// A pin change, at its board time in microseconds since kc-vboard started.
  struct PinChange: Sendable, Equatable, CustomStringConvertible {
    var pin: String
    var level: PinLevel
    var timeUS: UInt64

    var description: String { "\(pin)=\(level.rawValue) at \(timeUS) µs" }
  }

  /// A control command sent once the program has run `atMS` of board time.
  struct Action {
    var atMS: Int
    var command: String
  }

  /// Every event from the reset on, the reset included.
  var events: [VirtualBoardEvent]
  /// The telemetry the firmware sent after the reset.
  var records: [TelemetryRecord]
  var reset: VirtualBoardTime
  /// The pin changes after the reset.
  var pins: [PinChange]
  /// When each action was applied (the answer to the ping that followed it).
  var actionTimes: [UInt64]

  /// The first pin driven after the reset: the outputs switched off in
  /// `.init3`, a few cycles before the firmware's clock starts.
  var originUS: UInt64? { pins.first { $0.level != .floating }?.timeUS }

  /// Board time 0 of the program, in kc-vboard microseconds.
  var startUS: UInt64? {
    guard let origin = originUS,
      let run = records.first(where: { $0.knownKind == .run })
    else { return nil }
    return origin + UInt64(UInt32(bitPattern: run.value))
  }

  /// The changes of one pin, from the reset on.
  func changes(of pin: String) -> [PinChange] { pins.filter { $0.pin == pin } }

  static func run(
    board: BoardDefinition, eeprom: [UInt8], sensors: FixedSensors, seconds: Double,
    actions: [Action] = [], keepsPortOpen: Bool = false, timeout: TimeInterval = 90
  ) throws -> BoardRun {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-firmware-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("eeprom.bin")
    try Data(eeprom).write(to: file)

    let process = VirtualBoardProcess(
      executable: try Fixtures.virtualBoard(), firmware: try Fixtures.firmware(board).elf,
      options: .init(mcu: board.mcu, eeprom: file, fast: true))
    defer { process.stop() }
    let path = try process.start()
    try sensors.apply(to: process, board: board)
    try process.ping()
    let before = process.events.count

    let port = try VirtualBoardPort(path: path)
    defer { port.close() }
    guard
      let (resetIndex, resetEvent) = process.waitForEvent(
        from: before, timeout: 10, where: { if case .reset = $0 { true } else { false } }),
      let reset = resetEvent.time
    else { throw FirmwareError.virtualBoardTimeout("the reset on open") }

    // The bridge polls an open port every 100 µs of board time, which
    // halves a fast board's speed: once the program has started, the port
    // closes unless the test reads telemetry to the end.
    let start = try waitForStart(process: process, port: port, from: resetIndex)
    var records = TelemetryRecord.decode(port.bytes)
    if !keepsPortOpen { port.close() }
    var actionTimes: [UInt64] = []
    for action in actions {
      try process.advance(toMicroseconds: start + UInt64(action.atMS) * 1000, timeout: timeout)
      try process.send(action.command)
      actionTimes.append(try process.ping().microseconds)
    }
    try process.advance(
      toMicroseconds: reset.microseconds + UInt64(seconds * 1_000_000) + 100_000,
      timeout: timeout)

    if keepsPortOpen { records = TelemetryRecord.decode(port.bytes) }
    let events = Array(process.events[resetIndex...])
    var pins: [PinChange] = []
    for case .pin(let pin, let level, let time) in events {
      pins.append(PinChange(pin: pin, level: level, timeUS: time.microseconds))
    }
    return BoardRun(
      events: events, records: records, reset: reset, pins: pins,
      actionTimes: actionTimes)
  }

  /// Opens the port at once and watches the board for `seconds`, reading
  /// the telemetry throughout: for EEPROMs whose program may not start.
  static func watch(board: BoardDefinition, eeprom: [UInt8], seconds: Double)
    throws -> BoardRun
  {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-firmware-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("eeprom.bin")
    try Data(eeprom).write(to: file)
    let process = VirtualBoardProcess(
      executable: try Fixtures.virtualBoard(), firmware: try Fixtures.firmware(board).elf,
      options: .init(mcu: board.mcu, eeprom: file, fast: true))
    defer { process.stop() }
    let port = try VirtualBoardPort(path: try process.start())
    defer { port.close() }
    guard
      let (resetIndex, resetEvent) = process.waitForEvent(
        timeout: 10, where: { if case .reset = $0 { true } else { false } }),
      let reset = resetEvent.time
    else { throw FirmwareError.virtualBoardTimeout("the reset on open") }
    try process.advance(
      toMicroseconds: reset.microseconds + UInt64(seconds * 1_000_000), timeout: 30)
    // The pty hands the bytes to the reading thread a little after the
    // simulation sent them, later still on a loaded machine: wait until
    // they stop coming (at most a second).
    var seen = port.waitForBytes(1, timeout: 2).count
    let settled = Date(timeIntervalSinceNow: 1)
    while Date() < settled {
      Thread.sleep(forTimeInterval: 0.05)
      if port.bytes.count == seen { break }
      seen = port.bytes.count
    }
    let events = Array(process.events[resetIndex...])
    var pins: [PinChange] = []
    for case .pin(let pin, let level, let time) in events {
      pins.append(PinChange(pin: pin, level: level, timeUS: time.microseconds))
    }
    return BoardRun(
      events: events, records: TelemetryRecord.decode(port.bytes), reset: reset, pins: pins,
      actionTimes: [])
  }

  /// Waits for the program's run record; returns its board time 0.
  private static func waitForStart(
    process: VirtualBoardProcess, port: VirtualBoardPort, from resetIndex: Int
  ) throws -> UInt64 {
    let deadline = Date(timeIntervalSinceNow: 20)
    while Date() < deadline {
      let records = TelemetryRecord.decode(port.bytes)
      if let run = records.first(where: { $0.knownKind == .run }),
        let (_, first) = process.waitForEvent(
          from: resetIndex + 1, timeout: 5, where: \.isDrivenPin),
        let origin = first.time
      {
        return origin.microseconds + UInt64(UInt32(bitPattern: run.value))
      }
      _ = port.waitForBytes(port.bytes.count + 1, timeout: 0.2)
    }
    throw FirmwareError.virtualBoardTimeout("the program's run record")
  }
}

extension VirtualBoardEvent {
  /// A pin driven to a level (not one that stopped being an output).
  var isDrivenPin: Bool {
    if case .pin(_, let level, _) = self { level != .floating } else { false }
  }
}
