import Foundation

/// Writes a firmware `.hex` to a board through its bootloader with avrdude
/// (`hardware.md`, "avrdude and Optiboot"), and reads avrdude's output
/// into a reason a message can explain.
public struct FirmwareInstaller: Sendable {
  /// Why avrdude failed, from what it printed.
  public enum Failure: Error, Equatable, Sendable {
    /// No bootloader answered: wrong port, no bootloader, or the reset
    /// did not reach the chip ("not in sync", "not responding").
    case notInSync
    case permissionDenied
    case busy
    case noSuchPort
    /// The flash read back differs from what was written.
    case verification
    /// avrdude does not know this MCU.
    case unknownPart(String)
    case toolMissing(String)
    /// Anything else: avrdude's last lines.
    case other(String)
  }

  /// What an install did.
  public struct Report: Sendable {
    /// avrdude's whole output.
    public var output: String
    /// Wall time avrdude took, the bootloader's wait included.
    public var duration: Duration
  }

  public var hex: URL
  /// The board's MCU as avr-gcc names it (`atmega328p`).
  public var mcu: String
  public var port: String
  public var avrdude: String

  public init(hex: URL, mcu: String, port: String, avrdude: String = "avrdude") {
    self.hex = hex
    self.mcu = mcu
    self.port = port
    self.avrdude = avrdude
  }

  /// avrdude's part name and programmer for an MCU: an Uno's Optiboot
  /// speaks STK500 v1 (`arduino`), a Mega 2560's bootloader STK500 v2
  /// (`wiring`, which also pulses DTR to reset it).
  public static func part(for mcu: String) -> (part: String, programmer: String)? {
    switch mcu {
    case "atmega328p": ("m328p", "arduino")
    case "atmega2560": ("m2560", "wiring")
    default: nil
    }
  }

  public var arguments: [String] {
    get throws(Failure) {
      guard let (part, programmer) = Self.part(for: mcu) else { throw .unknownPart(mcu) }
      // -D: no chip erase, which a bootloader cannot do; it erases page by page.
      return [
        "-c", programmer, "-p", part, "-P", port, "-b", "115200", "-D",
        "-U", "flash:w:\(hex.path):i",
      ]
    }
  }

  /// Runs avrdude; returns once it wrote and verified the flash.
  public func install() throws(Failure) -> Report {
    let arguments = try arguments
    let clock = ContinuousClock()
    let start = clock.now
    let outcome: ShellCommand.Outcome
    do {
      outcome = try ShellCommand.run(avrdude, arguments)
    } catch .toolMissing(let tool) {
      throw .toolMissing(tool)
    } catch {
      throw .other("\(error)")
    }
    let report = Report(output: outcome.output, duration: clock.now - start)
    if let failure = Self.failure(status: outcome.status, output: outcome.output) {
      throw failure
    }
    return report
  }

  /// The reason in avrdude's output, or nil when it wrote and verified.
  public static func failure(status: Int32, output: String) -> Failure? {
    let text = output.lowercased()
    if text.contains("verification error") || text.contains("verification mismatch") {
      return .verification
    }
    // avrdude 7.1 may still exit with 0 after a failed open.
    if status == 0 && text.contains("bytes of flash verified") { return nil }
    if text.contains("permission denied") { return .permissionDenied }
    if text.contains("device or resource busy") { return .busy }
    if text.contains("cannot open port") || text.contains("can't open device")
      || text.contains("no such file or directory")
    {
      return .noSuchPort
    }
    if text.contains("not in sync") || text.contains("not responding")
      || text.contains("timeout")
    {
      return .notInSync
    }
    // The lines worth showing: not the progress bars, not the DTR ioctl
    // that a pseudo-terminal refuses.
    let lines = output.split(separator: "\n").filter { line in
      let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
      return !blank && !line.contains("TIOCM") && !line.contains("|")
    }
    return .other(lines.suffix(3).joined(separator: "\n"))
  }
}
