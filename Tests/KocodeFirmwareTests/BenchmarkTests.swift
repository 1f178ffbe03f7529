import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeFirmware
import KocodeVM
import Testing

/// Cycles per bytecode instruction on the simulated chip, beside the same
/// loops compiled by avr-gcc (`FirmwareBenchmark`, for `make bench`).
@Suite struct BenchmarkTests {
  @Test func theSimpleLoopIsTenInstructionsATurn() throws {
    let image = FirmwareBenchmark.simpleLoopImage(boardID: Fixtures.uno.id)
    _ = try Verifier.verify(image, limits: ProgramCorpus.limits)
    let machine = Machine(
      image: image, board: Fixtures.uno, environment: Greenhouse(board: Fixtures.uno))
    let limit = Int64(FirmwareBenchmark.instructions * VMConstant.instructionCostUs)
    machine.run(limitUS: limit) { _ in }
    #expect(machine.instructionCount == FirmwareBenchmark.instructions)
    #expect(FirmwareBenchmark.instructions % 10 == 0 && FirmwareBenchmark.instructions % 21 == 0)
  }

  @Test func cyclesPerInstruction() throws {
    let result = try FirmwareBenchmark.cyclesPerInstruction(
      projectRoot: Fixtures.root, board: Fixtures.uno)
    for (name, loop) in [("simple", result.simple), ("mixed", result.mixed)] {
      print(
        String(
          format: "%@ loop: %.1f cycles per instruction, %.0f a turn; C %.1f a turn; ratio %.1f",
          name, loop.vmCyclesPerInstruction, loop.vmCyclesPerTurn, loop.cCyclesPerTurn,
          loop.ratio))
      #expect(loop.vmCyclesPerInstruction > 0 && loop.cCyclesPerTurn > 0)
    }
    // The goal for a simple instruction; the count is exact, not timed.
    #expect(result.simple.vmCyclesPerInstruction <= 60)
  }
}
