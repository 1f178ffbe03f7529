import KocodeBoard
import KocodeFirmware

/// How far a pin change on the firmware may be from the reference VM's
/// output change: a fixed part (boot alignment, the loop's latency, the
/// VM's own overhead before the pin moves, and up to `KC_LATE_US` of
/// lateness before board time jumps to real time) plus a part
/// proportional to the board time elapsed (every catch-up moves the rest
/// of the run later). `docs/firmware.md` gives the reasons for the numbers.
struct Tolerance: Sendable, CustomStringConvertible {
  var fixedUS: Int64
  /// Parts per thousand of the time elapsed.
  var perMille: Int64

  static let firmware = Tolerance(fixedUS: 3_000, perMille: 10)

  func allowed(at timeUS: Int64) -> Int64 { fixedUS + timeUS * perMille / 1000 }

  var description: String {
    "\(Double(fixedUS) / 1000) ms + \(Double(perMille) / 10) % of the elapsed time"
  }
}

/// A pin level change expected or seen, in board time from the start of
/// the program.
struct PinEvent: Sendable, Equatable, CustomStringConvertible {
  var pin: String
  var level: PinLevel
  var timeUS: Int64

  var description: String { "\(pin)=\(level.rawValue) at \(Double(timeUS) / 1000) ms" }
}

enum PinComparison {
  /// The pin changes the reference VM's output changes make, polarity
  /// applied; a change that leaves the level alone (a PWM output from 255
  /// to 1) makes none. Nil when an output goes to a PWM duty cycle, whose
  /// edges are not compared.
  static func expected(_ changes: [OutputChange], board: BoardDefinition) -> [PinEvent]? {
    var levels: [String: PinLevel] = [:]
    var events: [PinEvent] = []
    for change in changes {
      let output = board.outputs[change.output]
      if output.pwm == true, change.value > 1, change.value < 255 { return nil }
      let on = change.value != 0
      let level: PinLevel = on != (output.activeLow == true) ? .high : .low
      if levels[output.pin, default: output.activeLow == true ? .high : .low] == level { continue }
      levels[output.pin] = level
      events.append(PinEvent(pin: output.pin, level: level, timeUS: change.timeUS))
    }
    return events
  }

  /// What a comparison found.
  struct Verdict {
    var problems: [String] = []
    /// The largest time difference between matched changes, in µs.
    var largestGapUS: Int64 = 0
  }

  /// Problems found comparing the firmware's pin changes (`actual`, all
  /// before `durationUS`) with the expected ones (from a longer reference
  /// run): the same changes in the same order, each within the tolerance;
  /// changes closer together than the tolerance may come in any order.
  static func problems(
    expected: [PinEvent], actual: [PinEvent], durationUS: Int64, tolerance: Tolerance
  ) -> Verdict {
    var expected = expected
    var problems: [String] = []
    var largest: Int64 = 0
    for (index, seen) in actual.enumerated() {
      guard index < expected.count else {
        problems.append("unexpected \(seen)")
        break
      }
      let window = tolerance.allowed(at: expected[index].timeUS)
      // Within the window the order may differ: bring the matching one here.
      if let match = expected[index...].firstIndex(where: {
        $0.pin == seen.pin && $0.level == seen.level
          && $0.timeUS - expected[index].timeUS <= window
      }) {
        expected.swapAt(index, match)
      }
      let wanted = expected[index]
      if wanted.pin != seen.pin || wanted.level != seen.level {
        problems.append("expected \(wanted), saw \(seen)")
        break
      }
      largest = max(largest, abs(seen.timeUS - wanted.timeUS))
      if abs(seen.timeUS - wanted.timeUS) > tolerance.allowed(at: wanted.timeUS) {
        problems.append("\(seen): \(seen.timeUS - wanted.timeUS) µs from \(wanted)")
      }
    }
    let due = expected.prefix { $0.timeUS < durationUS - tolerance.allowed(at: durationUS) }
    if problems.isEmpty, actual.count < due.count {
      problems.append("missing \(due[actual.count...].map(\.description))")
    }
    return Verdict(problems: problems, largestGapUS: largest)
  }
}
