import CKocodeVM
import Foundation
import Testing

/// What the C VM costs: its memory in this build, and on the ATmega328P
/// when avr-gcc is installed (`Sources/CKocodeVM/tools/avr-size.sh`).
@Suite struct FootprintTests {
  @Test func hostMachineSize() {
    // The host build holds any image: 255 scripts of 255 slots.
    print("sizeof(struct kc_vm) on this host: \(kc_vm_size()) bytes")
    #expect(kc_vm_size() >= 65_025 * 4)
  }

  static let script = Fixtures.root.appendingPathComponent("Sources/CKocodeVM/tools/avr-size.sh")

  static func find(_ tool: String, in folders: [String]) -> String? {
    folders.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let path = (ProcessInfo.processInfo.environment["PATH"] ?? "")
    .split(separator: ":").map(String.init)

  /// Compiles the VM for the Uno with warnings as errors, and for the host
  /// with -Wall -Wextra -Wpedantic -std=c99, then prints avr-size.
  @Test(.enabled(if: find("avr-gcc", in: path + ["/usr/bin"]) != nil))
  func avrBuildIsWarningFreeAndFitsItsRAM() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("kc-avr-\(UUID().uuidString)")
    process.arguments = [Self.script.path, output.path]
    var environment = ProcessInfo.processInfo.environment
    let clang = Self.find("clang", in: Self.path + ["/opt/swift/usr/bin", "/usr/bin"])
    environment["HOST_CC"] = clang ?? "cc"
    environment["PATH"] = (Self.path + ["/usr/bin", "/bin"]).joined(separator: ":")
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    defer { try? FileManager.default.removeItem(at: output) }
    print(text)
    #expect(process.terminationStatus == 0, "\(text)")

    // The machine for 4 scripts, 32 globals and 120 slots, and the static
    // RAM of the harness, within the Uno's 1,200 bytes.
    let machine = text.split(separator: "\n").first { $0.hasPrefix("sizeof(struct kc_vm)") }
    let bytes = machine.flatMap { $0.split(separator: " ").dropLast().last }.flatMap { Int($0) }
    #expect((bytes ?? .max) <= 820, "\(machine ?? "no sizeof line")")
  }
}
