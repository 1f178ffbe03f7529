import KocodeBoard
import KocodeBytecode

extension TraceEvent {
  /// A trace event as the C VM and the board firmware report it, numbers
  /// only (`enum kc_event_kind` of kc_vm.h), named with the board file's
  /// outputs and the image's texts and block ids. Nil for a kind that is
  /// not a trace event (the firmware's own telemetry records).
  public static func numeric(
    kind: UInt8, index: UInt8, code: UInt8, value: Int32, pc: UInt16, timeMS: Int64,
    board: BoardDefinition, image: Image?
  ) -> TraceEvent? {
    func text(_ index: UInt8) -> String {
      guard let texts = image?.host.texts, Int(index) < texts.count else { return "#\(index)" }
      return texts[Int(index)]
    }
    func output(_ index: UInt8) -> String {
      Int(index) < board.outputs.count ? board.outputs[Int(index)].name : "output\(index)"
    }
    switch kind {
    case 1: return .start(timeMS: timeMS, scripts: Int(value))
    case 2: return .output(timeMS: timeMS, name: output(index), value: value)
    case 3: return .log(timeMS: timeMS, label: text(index), value: .number(value))
    case 4: return .log(timeMS: timeMS, label: text(index), value: .boolean(value != 0))
    case 5: return .print(timeMS: timeMS, text: text(index))
    case 6: return .print(timeMS: timeMS, text: String(value))
    case 7: return .print(timeMS: timeMS, text: value != 0 ? "true" : "false")
    case 8:
      return .safety(
        timeMS: timeMS, rule: code == 1 ? .pumpMaxOn : .tankEmpty, name: output(index))
    case 9:
      return .error(
        timeMS: timeMS, code: RuntimeErrorCode(rawValue: code) ?? .badInstruction,
        block: image?.host.block(at: Int(pc)))
    case 10: return .end(timeMS: timeMS, reason: EndReason(numeric: code))
    default: return nil
    }
  }
}

extension EndReason {
  /// A `KC_END_*` code: 1 finished, 2 time limit, 4 stopped, else error.
  public init(numeric code: UInt8) {
    switch code {
    case 1: self = .finished
    case 2: self = .timeLimit
    case 4: self = .stopped
    default: self = .error
    }
  }
}
