import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeVM

/// The C VM's speed on the chip, counted in simulated clock cycles: the
/// benchmark firmware (`Firmware/kc_fw_bench.c`) runs a bytecode loop
/// from EEPROM flat out, then the same loops written in C, and frames
/// each stretch with a pulse whose edges `kc-vboard` reports by cycle.
/// Each stretch runs twice, the second time twice as long, so that the
/// difference holds only the loop's own cycles.
public enum FirmwareBenchmark {
  /// Instructions of the shorter VM stretch (`KC_BENCH_INSTRUCTIONS`).
  public static let instructions = 21_000
  /// Turns of the shorter C stretch (`KC_BENCH_TURNS`).
  public static let turns = 1_000
  /// The output whose pin carries the pulses (`KC_BENCH_OUTPUT`).
  public static let markOutput = 1

  /// One loop, in bytecode and in C.
  public struct Loop: Sendable {
    public var instructionsPerTurn: Int
    public var vmCyclesPerInstruction: Double
    public var cCyclesPerTurn: Double

    public var vmCyclesPerTurn: Double { vmCyclesPerInstruction * Double(instructionsPerTurn) }
    /// How many times slower the bytecode runs than avr-gcc's code.
    public var ratio: Double { cCyclesPerTurn > 0 ? vmCyclesPerTurn / cCyclesPerTurn : 0 }
  }

  public struct Result: Sendable {
    public var board: String
    /// Simple instructions only: push, add, compare, jump (`simpleLoopImage`).
    public var simple: Loop
    /// `VMBenchmark.image()`: globals, locals, multiply, modulo, a call.
    public var mixed: Loop
  }

  /// A script that loops for ever over ten simple instructions:
  ///
  ///     top: g0 = g0 + 1; g0 < 1000; JUMP_IF_FALSE; JUMP; LOOP top
  public static func simpleLoopImage(boardID: Int) -> Image {
    let code: [UInt8] = [
      // FUNCTION params 0, locals 0, need 3, kind 2 (script)
      0x00, 0, 0, 3, 2,
      // LOAD_G 0, PUSH_1, ADD, STORE_G 0
      0x06, 0, 0x02, 0x10, 0x07, 0,
      // LOAD_G 0, PUSH_I16 1000, LT
      0x06, 0, 0x04, 0xE8, 0x03, 0x22,
      // JUMP_IF_FALSE +0, JUMP +0
      0x32, 0, 0x30, 0,
      // LOOP back 18 bytes from its end (offset 23) to offset 5
      0x36, 18,
    ]
    return Image(
      boardID: UInt8(boardID), scriptCount: 1, globalCount: 1, functionCount: 1, code: code,
      host: HostSection(globalNames: ["g0"], functionNames: ["kocode_on_start"]))
  }

  /// Builds the benchmark firmware and `kc-vboard` if needed, measures
  /// both loops, and returns cycles per instruction and the C ratio.
  public static func cyclesPerInstruction(
    projectRoot: URL, board: BoardDefinition, timeout: TimeInterval = 120
  ) throws(FirmwareError) -> Result {
    let builder = FirmwareBuilder(projectRoot: projectRoot, board: board)
    let elf = try builder.buildBenchmark()
    let executable = try VirtualBoardProcess.buildIfMissing(projectRoot: projectRoot)
    var mixedImage = VMBenchmark.image()
    mixedImage.boardID = UInt8(board.id)
    let simple = try pulses(
      image: simpleLoopImage(boardID: board.id), board: board, elf: elf,
      executable: executable, timeout: timeout)
    let mixed = try pulses(
      image: mixedImage, board: board, elf: elf, executable: executable, timeout: timeout)
    let perTurn = { (short: UInt64, long: UInt64) in
      Double(long &- short) / Double(turns)
    }
    let perInstruction = { (widths: [UInt64]) in
      Double(widths[1] &- widths[0]) / Double(instructions)
    }
    return Result(
      board: board.name,
      simple: Loop(
        instructionsPerTurn: 10, vmCyclesPerInstruction: perInstruction(simple),
        cCyclesPerTurn: perTurn(simple[2], simple[3])),
      mixed: Loop(
        instructionsPerTurn: 21, vmCyclesPerInstruction: perInstruction(mixed),
        cCyclesPerTurn: perTurn(mixed[4], mixed[5])))
  }

  /// Runs the benchmark firmware with `image` in slot 0 and returns the
  /// widths, in cycles, of its six pulses.
  static func pulses(
    image: Image, board: BoardDefinition, elf: URL, executable: URL, timeout: TimeInterval
  ) throws(FirmwareError) -> [UInt64] {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let eeprom = folder.appendingPathComponent("eeprom.bin")
    let bytes = try ProgramSlots(board: board).eeprom(image: image, boardName: board.name)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: eeprom)
    } catch {
      throw .cannotWrite(eeprom.path, reason: "\(error)")
    }
    let process = VirtualBoardProcess(
      executable: executable, firmware: elf,
      options: .init(mcu: board.mcu, eeprom: eeprom, fast: true))
    defer { process.stop() }
    try process.start()
    guard process.waitForEvent(timeout: timeout, where: { $0.isStop }) != nil else {
      throw .virtualBoardTimeout("the end of the benchmark")
    }
    let pin = board.outputs[markOutput].pin
    var widths: [UInt64] = []
    var rise: UInt64?
    for case .pin(let name, let level, let time) in process.events where name == pin {
      if level == .high {
        rise = time.cycle
      } else if level == .low, let start = rise {
        widths.append(time.cycle - start)
        rise = nil
      }
    }
    guard widths.count == 6 else {
      throw .virtualBoardFailed("the benchmark made \(widths.count) pulses on \(pin), not 6")
    }
    return widths
  }
}

extension VirtualBoardEvent {
  /// The firmware stopped or crashed.
  var isStop: Bool {
    switch self {
    case .stopped, .crashed: true
    default: false
    }
  }
}
