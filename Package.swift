// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Kocode",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "kocode", targets: ["kocode"])
  ],
  targets: [
    // Shared vocabulary: languages, diagnostics, JSON text.
    .target(name: "KocodeSupport"),
    // Blockly workspaces (JSON and XML) read into one block tree.
    .target(name: "KocodeBlocks", dependencies: ["KocodeSupport"]),
    // Board definitions read from Boards/<name>/board.json.
    .target(name: "KocodeBoard", dependencies: ["KocodeSupport"]),
    // The instruction set, images, verifier and disassembler.
    .target(
      name: "KocodeBytecode",
      dependencies: ["KocodeSupport"],
      exclude: ["Tables"]
    ),
    // Type checker, diagnostics and code generator.
    .target(
      name: "KocodeCompiler",
      dependencies: ["KocodeSupport", "KocodeBlocks", "KocodeBoard", "KocodeBytecode"]
    ),
    // The reference VM, its scheduler and the simulated greenhouse.
    .target(
      name: "KocodeVM",
      dependencies: ["KocodeSupport", "KocodeBoard", "KocodeBytecode"]
    ),
    // The VM in portable C: the same files run on the board and, here, on the host.
    .target(name: "CKocodeVM", path: "Sources/CKocodeVM", exclude: ["fuzz", "tools"]),
    // The C VM driven from Swift, with the same environment and trace as the reference VM.
    .target(
      name: "KocodeCVM",
      dependencies: ["CKocodeVM", "KocodeVM", "KocodeBytecode", "KocodeBoard"]
    ),
    // libserialport, for real serial ports (pseudo-terminals go through termios).
    .systemLibrary(
      name: "CSerialPort",
      pkgConfig: "libserialport",
      providers: [.apt(["libserialport-dev"])]
    ),
    // The link to a board: framing, transports, requests, telemetry.
    .target(
      name: "KocodeLink",
      dependencies: [
        "KocodeSupport", "KocodeBytecode", "KocodeBoard", "KocodeVM", "CSerialPort",
      ]
    ),
    // The firmware build, EEPROM program slots and the virtual board process.
    .target(
      name: "KocodeFirmware",
      dependencies: ["KocodeSupport", "KocodeBoard", "KocodeBytecode", "KocodeVM", "KocodeLink"]
    ),
    // Missions: briefs, starter programs, solutions and success criteria.
    .target(
      name: "KocodeMissions",
      dependencies: ["KocodeSupport", "KocodeBoard", "KocodeVM", "KocodeCompiler"]
    ),
    // The `kocode` command, as a library so tests can drive it in-process.
    .target(
      name: "KocodeCLI",
      dependencies: [
        "KocodeSupport", "KocodeBlocks", "KocodeBoard", "KocodeBytecode",
        "KocodeCompiler", "KocodeVM", "KocodeCVM", "KocodeMissions", "KocodeFirmware",
        "KocodeLink",
      ]
    ),
    .executableTarget(name: "kocode", dependencies: ["KocodeCLI"]),
    // Generates the Swift, C and Markdown forms of the opcode table.
    .target(name: "KocodeTableGen"),
    .executableTarget(name: "kocode-tablegen", dependencies: ["KocodeTableGen"]),
    // Seeded random well-typed programs, for property and differential tests.
    .target(name: "KocodeRandomPrograms", dependencies: ["KocodeBlocks", "KocodeSupport"]),
    // `make bench`: compile speed, bytes per block, VM speed, link speed.
    .executableTarget(
      name: "kocode-bench",
      dependencies: [
        "KocodeBlocks", "KocodeBoard", "KocodeBytecode", "KocodeCompiler", "KocodeVM",
        "KocodeMissions", "KocodeCVM", "KocodeFirmware", "KocodeLink",
      ]
    ),

    .testTarget(name: "KocodeBlocksTests", dependencies: ["KocodeBlocks"]),
    .testTarget(name: "KocodeBoardTests", dependencies: ["KocodeBoard"]),
    .testTarget(
      name: "KocodeBytecodeTests",
      dependencies: ["KocodeBytecode", "KocodeTableGen"]
    ),
    .testTarget(
      name: "KocodeCompilerTests",
      dependencies: [
        "KocodeCompiler", "KocodeBlocks", "KocodeBoard", "KocodeBytecode", "KocodeVM",
        "KocodeRandomPrograms",
      ]
    ),
    .testTarget(
      name: "KocodeVMTests",
      dependencies: ["KocodeVM", "KocodeBytecode", "KocodeBoard"]
    ),
    .testTarget(
      name: "KocodeCVMTests",
      dependencies: [
        "KocodeCVM", "KocodeVM", "KocodeBytecode", "KocodeBoard", "KocodeCompiler",
        "KocodeRandomPrograms", "CKocodeVM",
      ]
    ),
    .testTarget(
      name: "KocodeFirmwareTests",
      dependencies: [
        "KocodeFirmware", "KocodeBoard", "KocodeBytecode", "KocodeCompiler", "KocodeVM",
        "KocodeRandomPrograms", "KocodeLink",
      ]
    ),
    .testTarget(
      name: "KocodeLinkTests",
      dependencies: [
        "KocodeLink", "KocodeFirmware", "KocodeBoard", "KocodeBytecode", "KocodeCompiler",
        "KocodeVM", "KocodeMissions",
      ]
    ),
    .testTarget(
      name: "KocodeMissionsTests",
      dependencies: ["KocodeMissions", "KocodeCompiler", "KocodeVM", "KocodeBoard"]
    ),
    .testTarget(
      name: "KocodeCLITests",
      dependencies: ["KocodeCLI"],
      exclude: ["Golden"]
    ),
  ]
)
