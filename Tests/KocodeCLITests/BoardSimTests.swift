import Foundation
import KocodeCLI
import Testing

/// `kocode board sim`: the real firmware behind a pseudo-terminal, found in
/// the registry while it runs, gone cleanly after Ctrl-C.
@Suite(.serialized) struct BoardSimTests {
  @Test func startsPrintsItsPortAndStopsOnInterrupt() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("ttyKOCODE").path
    let output = Captured()
    let console = Console(out: { output.append($0) }, error: { _ in })
    let environment = [
      "KOCODE_BOARDS": CLIRun.root.appendingPathComponent("Boards").path,
      "XDG_RUNTIME_DIR": folder.path, "NO_COLOR": "1",
    ]
    let finished = DispatchSemaphore(value: 0)
    let code = Captured()
    Thread.detachNewThread {
      let result = Kocode.main(
        ["board", "sim", "--link", link, "-q"], console: console, environment: environment)
      code.append(String(result))
      finished.signal()
    }
    let deadline = Date(timeIntervalSinceNow: 240)
    while !output.text.hasSuffix("\n"), Date() < deadline, code.text.isEmpty {
      usleep(50_000)
    }
    let port = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(port.hasPrefix("/dev/pts/"), "no port: \(output.text) \(code.text)")
    #expect(FileManager.default.fileExists(atPath: port))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == port)
    let registry = folder.appendingPathComponent("kocode/boards")
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: registry.path)) ?? []
    #expect(entries.count == 1)

    kill(getpid(), SIGINT)
    #expect(finished.wait(timeout: .now() + 30) == .success)
    #expect(code.text == "0")
    #expect(!FileManager.default.fileExists(atPath: link))
    let after = (try? FileManager.default.contentsOfDirectory(atPath: registry.path)) ?? []
    #expect(after.isEmpty)
  }
}

/// Text written from another thread.
final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var value = ""

  func append(_ text: String) {
    lock.lock()
    value += text
    lock.unlock()
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
