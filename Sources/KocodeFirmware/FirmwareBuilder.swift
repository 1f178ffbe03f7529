import Foundation
import KocodeBoard

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Builds the AVR firmware of one board: writes `kc_board_config.h` from
/// the board file (`BoardDefinition.firmwareConfigHeader()`), runs
/// `make -C Firmware`, and reads the sizes with `avr-size`. Results go to
/// `.build/firmware/<board>/`.
public struct FirmwareBuilder: Sendable {
  /// The folder that holds `Firmware/`, `Boards/` and `Sources/`.
  public let projectRoot: URL
  public let board: BoardDefinition
  /// Where the header, objects, `.elf` and `.hex` go.
  public let outputFolder: URL

  /// A built firmware.
  public struct Build: Sendable {
    public var elf: URL
    public var hex: URL
    public var configHeader: URL
    public var size: FirmwareSize
    /// What `make` printed.
    public var log: String
  }

  public init(projectRoot: URL, board: BoardDefinition, outputFolder: URL? = nil) {
    self.projectRoot = projectRoot
    self.board = board
    self.outputFolder =
      outputFolder
      ?? projectRoot.appendingPathComponent(".build/firmware").appendingPathComponent(board.name)
  }

  /// The project folder around a board catalog's `Boards` folder.
  public static func projectRoot(of catalog: BoardCatalog) -> URL {
    catalog.directory.standardizedFileURL.deletingLastPathComponent()
  }

  public var configHeader: URL { outputFolder.appendingPathComponent("kc_board_config.h") }
  public var firmwareELF: URL { outputFolder.appendingPathComponent("kocode-\(board.name).elf") }
  public var firmwareHex: URL { outputFolder.appendingPathComponent("kocode-\(board.name).hex") }
  public var benchmarkELF: URL {
    outputFolder.appendingPathComponent("kocode-bench-\(board.name).elf")
  }

  /// Writes the board's config header, only when its text changed, so that
  /// `make` rebuilds only what depends on a real change.
  @discardableResult
  public func writeConfigHeader() throws(FirmwareError) -> URL {
    let text = board.firmwareConfigHeader()
    let path = configHeader.path
    if let old = FileManager.default.contents(atPath: path), old == Data(text.utf8) {
      return configHeader
    }
    do {
      try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: configHeader, options: .atomic)
    } catch {
      throw .cannotWrite(path, reason: "\(error)")
    }
    return configHeader
  }

  /// Builds the firmware (`.elf` and `.hex`) and measures it.
  public func build() throws(FirmwareError) -> Build {
    let log = try make("all")
    let size = try Self.size(of: firmwareELF)
    return Build(
      elf: firmwareELF, hex: firmwareHex, configHeader: configHeader, size: size, log: log)
  }

  /// Builds the benchmark firmware (`FirmwareBenchmark`) and returns its `.elf`.
  public func buildBenchmark() throws(FirmwareError) -> URL {
    try make("bench")
    return benchmarkELF
  }

  /// Builds the EEPROM slot logic for the host and runs its tests (every
  /// power cut during an upload); returns what they printed.
  public func runSlotTests() throws(FirmwareError) -> String {
    try make("host-test")
  }

  /// `avr-size` of an `.elf`.
  public static func size(of elf: URL) throws(FirmwareError) -> FirmwareSize {
    try FirmwareSize.parse(ShellCommand.check("avr-size", [elf.path]))
  }

  /// Runs one target of `Firmware/Makefile` for this board, one build of
  /// a folder at a time (threads and processes alike wait on a lock file).
  @discardableResult
  func make(_ target: String) throws(FirmwareError) -> String {
    // A missing tool gets its own error, rather than a page of make output.
    for tool in ["make", "avr-gcc"] { _ = try ShellCommand.run(tool, ["--version"]) }
    try writeConfigHeader()
    let lock = try FolderLock(folder: outputFolder)
    defer { lock.release() }
    return try ShellCommand.check(
      "make",
      [
        "-s", "-C", projectRoot.appendingPathComponent("Firmware").path, "-j4",
        "BOARD=\(board.name)", "OUT=\(outputFolder.path)", "CONFIG_DIR=\(outputFolder.path)",
        "MCU=\(board.mcu)", "F_CPU=\(board.clockHz)", target,
      ])
  }
}

/// An exclusive `flock` on `.lock` in a folder.
struct FolderLock {
  let descriptor: Int32

  init(folder: URL) throws(FirmwareError) {
    let path = folder.appendingPathComponent(".lock").path
    descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .cannotWrite(path, reason: "errno \(errno)") }
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
  }

  func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
