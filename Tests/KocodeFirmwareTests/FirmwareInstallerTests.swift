import Foundation
import KocodeFirmware
import Testing

/// avrdude's command line, and its output read into reasons. The outputs
/// are avrdude 7.1's own lines.
@Suite struct FirmwareInstallerTests {
  let hex = URL(fileURLWithPath: "/tmp/kocode.hex")

  @Test func commandLineForAnUnoAndAMega() throws {
    let uno = FirmwareInstaller(hex: hex, mcu: "atmega328p", port: "/dev/ttyACM0")
    #expect(
      try uno.arguments == [
        "-c", "arduino", "-p", "m328p", "-P", "/dev/ttyACM0", "-b", "115200", "-D",
        "-U", "flash:w:/tmp/kocode.hex:i",
      ])
    let mega = FirmwareInstaller(hex: hex, mcu: "atmega2560", port: "/dev/ttyACM1")
    #expect(try mega.arguments.prefix(4) == ["-c", "wiring", "-p", "m2560"])
    #expect(throws: FirmwareInstaller.Failure.unknownPart("attiny85")) {
      try FirmwareInstaller(hex: hex, mcu: "attiny85", port: "/dev/ttyACM0").arguments
    }
  }

  @Test(arguments: [
    (
      "avrdude warning: attempt 10 of 10: not in sync: resp=0x30\n\navrdude done.  Thank you.",
      FirmwareInstaller.Failure.notInSync
    ),
    ("avrdude error: programmer is not responding\n", .notInSync),
    (
      "avrdude OS error: cannot open port /dev/ttyACM0: Permission denied\n"
        + "avrdude error: unable to open programmer arduino on port /dev/ttyACM0",
      .permissionDenied
    ),
    ("avrdude OS error: cannot open port /dev/ttyACM0: Device or resource busy\n", .busy),
    ("avrdude OS error: cannot open port /dev/ttyACM9: No such file or directory\n", .noSuchPort),
    (
      "avrdude error: verification mismatch\n        device 0x0c != input 0x0d at addr 0x0004\n"
        + "avrdude error: verification mismatch",
      .verification
    ),
  ])
  func outputsBecomeReasons(output: String, expected: FirmwareInstaller.Failure) {
    #expect(FirmwareInstaller.failure(status: 1, output: output) == expected)
  }

  @Test func successNeedsTheVerification() {
    let verified = """
      avrdude OS error: ioctl("TIOCMGET"): Inappropriate ioctl for device
      avrdude: 23160 bytes of flash written
      avrdude: 23160 bytes of flash verified

      avrdude done.  Thank you.
      """
    #expect(FirmwareInstaller.failure(status: 0, output: verified) == nil)
    // The DTR ioctl a pty refuses is not what is shown for another failure.
    let odd = """
      avrdude OS error: ioctl("TIOCMGET"): Inappropriate ioctl for device
      avrdude error: something unexpected
      """
    let reason = FirmwareInstaller.failure(status: 1, output: odd)
    #expect(reason == .other("avrdude error: something unexpected"))
  }

  /// The real avrdude, on a port that is not there.
  @Test func realAvrdudeOnAMissingPort() {
    let installer = FirmwareInstaller(
      hex: hex, mcu: "atmega328p", port: "/dev/ttyACM-kocode-absent")
    #expect(throws: FirmwareInstaller.Failure.noSuchPort) { try installer.install() }
  }
}
