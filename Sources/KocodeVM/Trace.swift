import KocodeBytecode
import KocodeSupport

/// Why a run ended: the `reason` of the trace's last line.
public enum EndReason: String, Sendable, CaseIterable {
  case finished
  case timeLimit = "time_limit"
  case error
  case stopped
  case detached
}

/// The safety rule that refused or cut an output.
public enum SafetyRule: String, Sendable, CaseIterable {
  case pumpMaxOn = "pump_max_on"
  case tankEmpty = "tank_empty"
}

/// A logged sample: a number or a boolean.
public enum LoggedValue: Sendable, Equatable {
  case number(Int32)
  case boolean(Bool)
}

/// One line of the trace of `cli.md`. Every event carries its board time
/// in whole milliseconds, rounded down.
public enum TraceEvent: Sendable, Equatable {
  case start(timeMS: Int64, scripts: Int)
  case output(timeMS: Int64, name: String, value: Int32)
  case log(timeMS: Int64, label: String, value: LoggedValue)
  case print(timeMS: Int64, text: String)
  case safety(timeMS: Int64, rule: SafetyRule, name: String)
  case error(timeMS: Int64, code: RuntimeErrorCode, block: String?)
  case end(timeMS: Int64, reason: EndReason)

  /// Board time in milliseconds.
  public var timeMS: Int64 {
    switch self {
    case .start(let time, _), .output(let time, _, _), .log(let time, _, _),
      .print(let time, _), .safety(let time, _, _), .error(let time, _, _),
      .end(let time, _):
      time
    }
  }

  /// The `type` key.
  public var type: String {
    switch self {
    case .start: "start"
    case .output: "output"
    case .log: "log"
    case .print: "print"
    case .safety: "safety"
    case .error: "error"
    case .end: "end"
    }
  }

  /// The event as one compact JSON line (no newline): `t`, `type`, then
  /// the other keys in the order `cli.md` lists them.
  public var jsonLine: String {
    JSONText.object([("t", .int(Int(timeMS))), ("type", .string(type))] + otherKeys)
  }

  private var otherKeys: [(String, JSONText.Value)] {
    switch self {
    case .start(_, let scripts):
      [("scripts", .int(scripts))]
    case .output(_, let name, let value):
      [("name", .string(name)), ("value", .int(Int(value)))]
    case .log(_, let label, .number(let number)):
      [("label", .string(label)), ("value", .int(Int(number)))]
    case .log(_, let label, .boolean(let flag)):
      [("label", .string(label)), ("value", .bool(flag))]
    case .print(_, let text):
      [("text", .string(text))]
    case .safety(_, let rule, let name):
      [("rule", .string(rule.rawValue)), ("name", .string(name))]
    case .error(_, let code, let block):
      [("code", .string(code.name)), ("block", block.map { .string($0) } ?? .null)]
    case .end(_, let reason):
      [("reason", .string(reason.rawValue))]
    }
  }
}
