import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeVM

/// A saved trace (`cli.md`, "The trace": one JSON object a line) read back
/// into events, and replayed into a recorder so that it can be drawn like
/// the run that wrote it.
public enum SavedTrace {
  /// Why a trace cannot be read, and on which line (from 1).
  public struct ReadError: Error, Equatable, Sendable {
    public var line: Int
    public var problem: Problem
  }

  public enum Problem: Error, Equatable, Sendable {
    /// The line is not one JSON object.
    case notAnObject
    /// A key every line of its type has is missing.
    case missingKey(String)
    /// A key holds a value of the wrong kind or out of range.
    case wrongValue(String)
    /// Board time went back without a new `start`.
    case timeGoesBack
    /// An `output` line names an output the board does not have.
    case unknownOutput(String)
    /// No event at all (line is then 0).
    case empty
  }

  /// The events of a trace, and where the first run of it ends.
  public struct Contents: Sendable {
    public var events: [TraceEvent]
    /// The line of each event in the file.
    public var lines: [Int]
    /// The line of a second `start` (a board reset in `kocode watch`): the
    /// events stop before it, because board time starts again from 0.
    public var restartLine: Int?

    /// Events of one run as they came (`kocode watch`), one a line.
    public init(events: [TraceEvent]) {
      self.init(events: events, lines: Array(1...max(1, events.count)), restartLine: nil)
    }

    init(events: [TraceEvent], lines: [Int], restartLine: Int?) {
      self.events = events
      self.lines = lines
      self.restartLine = restartLine
    }
  }

  /// The events of the trace's first run. Blank lines are skipped, and so
  /// are events of a type this version does not know, so that traces of
  /// later versions still draw.
  public static func read(_ bytes: [UInt8]) throws(ReadError) -> Contents {
    var events: [TraceEvent] = []
    var lines: [Int] = []
    var lastTime: Int64 = 0
    for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    {
      let number = index + 1
      guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
      guard let event = try Self.event(Data(line), line: number) else { continue }
      if case .start = event, !events.isEmpty {
        return Contents(events: events, lines: lines, restartLine: number)
      }
      guard event.timeMS >= lastTime else { throw ReadError(line: number, problem: .timeGoesBack) }
      lastTime = event.timeMS
      events.append(event)
      lines.append(number)
    }
    guard !events.isEmpty else { throw ReadError(line: 0, problem: .empty) }
    return Contents(events: events, lines: lines, restartLine: nil)
  }

  /// A recorder fed with the events, on a greenhouse (`model`, `overrides`)
  /// whose pump follows the trace's `output` lines: the samples of the
  /// recorder of the run that wrote the trace, to the millisecond.
  public static func replay(
    _ contents: Contents, board: BoardDefinition, model: Greenhouse.Model,
    overrides: SensorOverrides
  ) throws(ReadError) -> Recorder {
    for (event, line) in zip(contents.events, contents.lines) {
      if case .output(_, let name, _) = event, board.outputIndex(named: name) == nil {
        throw ReadError(line: line, problem: .unknownOutput(name))
      }
    }
    let greenhouse = Greenhouse(board: board, overrides: overrides, model: model)
    let recorder = Recorder(greenhouse: greenhouse)
    // As in a run: the event is recorded, then the greenhouse hears of it.
    // The trace rounds times down to the millisecond, so the pump moves up
    // to a millisecond early: a hundredth of a millilitre at 10 mL/s.
    for event in contents.events {
      recorder.record(event)
      if case .output(let time, let name, let value) = event,
        let index = board.outputIndex(named: name)
      {
        greenhouse.outputChanged(index: index, value: value, at: time * 1000)
      }
    }
    return recorder
  }

  // MARK: - One line

  /// A line as it stands in the file; which keys matter depends on `type`.
  private struct Line: Decodable {
    var t: Int64
    var type: String
    var scripts: Int?
    var name: String?
    var value: Value?
    var label: String?
    var text: String?
    var rule: String?
    var code: String?
    var block: String?
    var reason: String?
  }

  /// A logged or written value: a number, or JSON `true`/`false`.
  private enum Value: Decodable {
    case number(Int64)
    case boolean(Bool)

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let flag = try? container.decode(Bool.self) {
        self = .boolean(flag)
      } else {
        self = .number(try container.decode(Int64.self))
      }
    }
  }

  private static func event(_ data: Data, line number: Int) throws(ReadError) -> TraceEvent? {
    let line: Line
    do {
      line = try JSONDecoder().decode(Line.self, from: data)
    } catch let DecodingError.keyNotFound(key, _) {
      throw ReadError(line: number, problem: .missingKey(key.stringValue))
    } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
      throw ReadError(line: number, problem: .wrongValue(context.codingPath[0].stringValue))
    } catch let DecodingError.valueNotFound(_, context) where !context.codingPath.isEmpty {
      throw ReadError(line: number, problem: .wrongValue(context.codingPath[0].stringValue))
    } catch {
      throw ReadError(line: number, problem: .notAnObject)
    }
    guard line.t >= 0 else { throw ReadError(line: number, problem: .wrongValue("t")) }
    do {
      return try event(line)
    } catch {
      throw ReadError(line: number, problem: error)
    }
  }

  private static func event(_ line: Line) throws(Problem) -> TraceEvent? {
    let time = line.t
    switch line.type {
    case "start":
      return .start(timeMS: time, scripts: try required(line.scripts, "scripts"))
    case "output":
      guard case .number(let value)? = line.value, let small = Int32(exactly: value) else {
        throw line.value == nil ? .missingKey("value") : .wrongValue("value")
      }
      return .output(timeMS: time, name: try required(line.name, "name"), value: small)
    case "log":
      let label = try required(line.label, "label")
      switch try required(line.value, "value") {
      case .boolean(let flag): return .log(timeMS: time, label: label, value: .boolean(flag))
      case .number(let value):
        guard let small = Int32(exactly: value) else { throw .wrongValue("value") }
        return .log(timeMS: time, label: label, value: .number(small))
      }
    case "print":
      return .print(timeMS: time, text: try required(line.text, "text"))
    case "safety":
      guard let rule = SafetyRule(rawValue: try required(line.rule, "rule")) else {
        throw .wrongValue("rule")
      }
      return .safety(timeMS: time, rule: rule, name: try required(line.name, "name"))
    case "error":
      let name = try required(line.code, "code")
      guard let code = RuntimeErrorCode.allCases.first(where: { $0.name == name }) else {
        throw .wrongValue("code")
      }
      return .error(timeMS: time, code: code, block: line.block)
    case "end":
      guard let reason = EndReason(rawValue: try required(line.reason, "reason")) else {
        throw .wrongValue("reason")
      }
      return .end(timeMS: time, reason: reason)
    default:
      return nil
    }
  }

  private static func required<Value>(_ value: Value?, _ key: String) throws(Problem) -> Value {
    guard let value else { throw .missingKey(key) }
    return value
  }
}
