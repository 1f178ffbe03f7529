import Foundation
import KocodeBlocks
import KocodeBoard
import KocodeBytecode
import KocodeCVM
import KocodeCompiler
import KocodeFirmware
import KocodeMissions
import KocodeVM

// `make bench`: prints Kocode's speed and size figures beside their goals.
// Build in release mode; figures from a debug build mean little.

let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let catalog = BoardCatalog(directory: root.appendingPathComponent("Boards"))
guard let uno = try? catalog.load(BoardCatalog.defaultBoard) else {
  FileHandle.standardError.write(Data("kocode-bench: run from the project folder\n".utf8))
  exit(74)
}

func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// The fastest of `repeats` runs: the least disturbed by the rest of the machine.
func fastest(_ repeats: Int, _ body: () -> Void) -> Double {
  (0..<repeats).map { _ in seconds(ContinuousClock().measure(body)) }.min() ?? 0
}

func row(_ cells: [String]) {
  print("| " + cells.joined(separator: " | ") + " |")
}

func format(_ value: Double, _ digits: Int = 2) -> String {
  String(format: "%.\(digits)f", value)
}

// `kocode-bench link`: the link's figures only.
if CommandLine.arguments.dropFirst().first == "link" {
  do {
    try LinkBenchmark(root: root, catalog: catalog).run()
    exit(0)
  } catch {
    print("Link benchmark failed: \(error)")
    exit(1)
  }
}

// A board as large as the image format allows, so big programs compile to the end.
var roomy = uno
roomy.limits.programBytes = 65_535
roomy.limits.stackSlots = 1_000_000
roomy.limits.texts = 255

print("## Compile time (parse, check, generate)\n")
row(["blocks", "total ms", "µs per block", "blocks per second"])
row(["---", "---", "---", "---"])
var perBlock: [Int: Double] = [:]
for size in [100, 1_000, 10_000] {
  let bytes = Array(ProgramGenerator.watering(blocks: size).utf8)
  let blocks = Compiler.compile(bytes, board: roomy).blockCount
  let repeats = size >= 10_000 ? 5 : 20
  let time = fastest(repeats) { _ = Compiler.compile(bytes, board: roomy) }
  perBlock[size] = time / Double(blocks)
  row([
    "\(blocks)", format(time * 1000, 3), format(time / Double(blocks) * 1e6, 3),
    format(Double(blocks) / time, 0),
  ])
}
let growth = (perBlock[10_000] ?? 0) / max(perBlock[100] ?? 1, 1e-12)
print("\nTime per block at 10,000 blocks ÷ at 100 blocks: \(format(growth)) (goal ≤ 2)")
print(
  "Blocks per second at 10,000 blocks: \(format(1 / (perBlock[10_000] ?? 1), 0)) "
    + "(goal ≥ 100,000)\n"
)

print("## Bytecode size (\(uno.name))\n")
row(["program", "blocks", "code bytes", "image bytes", "code bytes per block"])
row(["---", "---", "---", "---", "---"])
var totalBlocks = 0
var totalCode = 0
var totalImage = 0
let programFolders = ["Missions", "Tests/KocodeCLITests/Golden"]
for folder in programFolders {
  let base = root.appendingPathComponent(folder)
  let files =
    FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
    .compactMap { $0 as? URL }
    .filter { $0.pathExtension == "json" && $0.lastPathComponent != "mission.json" }
    .sorted { $0.path < $1.path } ?? []
  for file in files {
    guard let data = try? Data(contentsOf: file) else { continue }
    let compilation = Compiler.compile(Array(data), board: uno)
    guard let image = compilation.image else { continue }
    let name = file.path.replacingOccurrences(of: root.path + "/", with: "")
    totalBlocks += compilation.blockCount
    totalCode += image.code.count
    totalImage += image.boardBytes.count
    row([
      name, "\(compilation.blockCount)", "\(image.code.count)", "\(image.boardBytes.count)",
      format(Double(image.code.count) / Double(max(1, compilation.blockCount))),
    ])
  }
}
let codePerBlock = Double(totalCode) / Double(max(1, totalBlocks))
let imagePerBlock = Double(totalImage) / Double(max(1, totalBlocks))
row([
  "**all**", "\(totalBlocks)", "\(totalCode)", "\(totalImage)", "**\(format(codePerBlock))**",
])
print("\nCode bytes per block: \(format(codePerBlock)) (goal ≤ 2.5); with the 14-byte")
print("header of every image: \(format(imagePerBlock)) bytes per block.\n")

print("## Reference VM\n")
let measurement = VMBenchmark.measure(board: uno, instructions: 100_000_000)
print(
  "Instructions per second: \(format(measurement.instructionsPerSecond / 1e6)) million "
    + "(\(measurement.instructions) in \(format(measurement.seconds, 3)) s; goal ≥ 20 million)")

let watering = root.appendingPathComponent("Missions/water-when-dry/solution.json")
if let data = try? Data(contentsOf: watering),
  let image = Compiler.compile(Array(data), board: uno).image
{
  let day: Int64 = 24 * 3_600_000_000
  var events = 0
  let time = fastest(3) {
    let machine = Machine(
      image: image, board: uno, environment: SimpleGreenhouse(board: uno), seed: 1)
    events = 0
    machine.run(limitUS: day) { _ in events += 1 }
  }
  print(
    "24 h of board time for Missions/water-when-dry: \(format(time, 3)) s of wall time "
      + "(\(events) trace events; goal < 1 s), \(format(86_400 / time, 0)) board seconds "
      + "per wall second")
}

print("\n## Mission checks (compile, simulate, judge)\n")
row(["mission", "board time", "wall s", "passed"])
row(["---", "---", "---", "---"])
let missionCatalog = MissionCatalog(directory: root.appendingPathComponent("Missions"))
for measure in MissionBenchmark.measureAll(catalog: missionCatalog, boards: catalog) {
  row([
    measure.mission, TimeText.spoken(measure.boardUS), format(measure.seconds, 3),
    measure.passed ? "yes" : "NO",
  ])
}
print("\nGoal: a mission check of 24 hours of greenhouse time in under a second.")

print("\n## The C VM on this computer\n")
do {
  let image = VMBenchmark.image()
  let limit = Int64(100_000_000) * Int64(VMConstant.instructionCostUs)
  let machine = CMachine(
    image: image, board: uno, environment: SimpleGreenhouse(board: uno), seed: 1)
  let time = seconds(ContinuousClock().measure { machine.run(limitUS: limit) { _ in } })
  let rate = Double(machine.instructionCount) / time
  print(
    "Instructions per second: \(format(rate / 1e6)) million for the C VM, "
      + "\(format(measurement.instructionsPerSecond / 1e6)) million for the Swift VM "
      + "(ratio C / Swift \(format(rate / measurement.instructionsPerSecond)))")
}

print("\n## Firmware (avr-gcc, avr-size, simavr)\n")
row(["board", "flash bytes", "static RAM bytes", "flash budget", "RAM budget"])
row(["---", "---", "---", "---", "---"])
let projectRoot = root
for name in ["greenhouse-uno", "greenhouse-mega"] {
  guard let board = try? catalog.load(name) else { continue }
  do {
    let build = try FirmwareBuilder(projectRoot: projectRoot, board: board).build()
    let budgets = name == "greenhouse-uno" ? ("12288", "1200") : ("—", "—")
    row([name, "\(build.size.flash)", "\(build.size.staticRAM)", budgets.0, budgets.1])
  } catch {
    row([name, "build failed: \(error)", "", "", ""])
  }
}
do {
  let result = try FirmwareBenchmark.cyclesPerInstruction(projectRoot: projectRoot, board: uno)
  print("")
  row([
    "loop (Uno, exact simavr cycles)", "VM cycles per instruction", "C cycles a turn",
    "VM ÷ C",
  ])
  row(["---", "---", "---", "---"])
  for (name, loop) in [
    ("simple: push, add, compare, jump", result.simple),
    ("mixed: the reference VM's loop", result.mixed),
  ] {
    row([
      name, format(loop.vmCyclesPerInstruction, 0), format(loop.cCyclesPerTurn, 0),
      format(loop.ratio, 1),
    ])
  }
  print("\nGoal: at most 60 cycles per simple instruction.")
} catch {
  print("Cycle benchmark failed: \(error)")
}

do {
  try LinkBenchmark(root: root, catalog: catalog).run()
} catch {
  print("Link benchmark failed: \(error)")
}
