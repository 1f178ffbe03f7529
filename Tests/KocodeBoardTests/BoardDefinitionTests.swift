import Foundation
import KocodeBoard
import Testing

/// Boards are data: every board folder must be complete and consistent.
@Suite struct BoardDefinitionTests {
  static let catalog = BoardCatalog(
    directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Boards"))

  @Test func bothBoardsLoad() throws {
    #expect(Self.catalog.names() == ["greenhouse-mega", "greenhouse-uno"])
    let uno = try Self.catalog.load("greenhouse-uno")
    let mega = try Self.catalog.load("greenhouse-mega")
    #expect(uno.id != mega.id)
    #expect(uno.limits.scripts >= 4 && uno.limits.globals >= 32)
    #expect(uno.limits.programBytes >= 480)
    #expect(mega.limits.programBytes > uno.limits.programBytes)
    #expect(uno.safety.pumpMaxOnMs == 30_000)
  }

  @Test(arguments: ["greenhouse-uno", "greenhouse-mega"])
  func everyPinHasAPort(_ name: String) throws {
    let board = try Self.catalog.load(name)
    for output in board.outputs {
      #expect(board.port(of: output.pin) != nil, "\(name): \(output.pin)")
      if output.pwm == true { #expect(output.pwmChannel != nil, "\(name): \(output.name)") }
    }
    for pin in board.digitalInputs + board.analogInputs {
      #expect(board.port(of: pin) != nil, "\(name): \(pin)")
    }
    for (sensor, definition) in board.sensors {
      #expect(board.port(of: definition.pin) != nil, "\(name): \(sensor)")
    }
    // The verifier borrows the stack area as a table of one byte per code byte.
    #expect(board.limits.stackSlots * 4 >= board.limits.programBytes)
  }

  @Test func unoPinsAreTheUnos() throws {
    let uno = try Self.catalog.load("greenhouse-uno")
    #expect(uno.port(of: "D7")! == ("D", 7))
    #expect(uno.port(of: "D13")! == ("B", 5))
    #expect(uno.port(of: "A0")! == ("C", 0))
  }

  @Test func unknownBoardsNameTheKnownOnes() {
    #expect(
      throws: BoardCatalog.LoadError.unknownBoard(
        "greenhouse-zx81", known: ["greenhouse-mega", "greenhouse-uno"])
    ) {
      try Self.catalog.load("greenhouse-zx81")
    }
    #expect(throws: BoardCatalog.LoadError.self) { try Self.catalog.load("../Boards") }
  }

  @Test func brokenBoardFilesAreReported() {
    #expect(throws: BoardCatalog.LoadError.self) {
      try BoardCatalog.decode(Data("{\"name\": 3}".utf8), name: "broken")
    }
  }

  /// The generated header compiles as C and its tables expand.
  @Test(arguments: ["greenhouse-uno", "greenhouse-mega"])
  func firmwareHeaderCompiles(_ name: String) throws {
    let board = try Self.catalog.load(name)
    let header = board.firmwareConfigHeader()
    #expect(header.contains("#define KC_BOARD_ID \(board.id)"))
    #expect(header.contains("KC_OUTPUT(0, "))
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-board-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try header.write(
      to: folder.appendingPathComponent("kc_board_config.h"), atomically: true, encoding: .utf8)
    let source = """
      #include "kc_board_config.h"
      #define COUNT(i, port, bit, low, pwm) +1
      #define PINS(n, port, bit, pull) +1
      _Static_assert((0 KC_OUTPUTS(COUNT)) == KC_OUTPUT_COUNT, "outputs");
      _Static_assert((0 KC_INPUTS(PINS)) == 2, "inputs");
      _Static_assert(KC_SOIL_FROM == 620 && KC_SOIL_TO == 290, "soil");
      int main(void) { return KC_PUMP_INDEX; }

      """
    let file = folder.appendingPathComponent("check.c")
    try source.write(to: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["cc", "-std=c11", "-fsyntax-only", "-Werror", file.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
