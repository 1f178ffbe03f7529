import Foundation
import KocodeBoard
import KocodeBytecode
import KocodeLink
import KocodeSupport
import KocodeVM

/// What `kocode status` says of one board: its firmware and type, its
/// name, the program it holds (with when and from which file this computer
/// flashed it), whether it runs, its last error, and its soil calibration.
struct StatusReport {
  let port: String
  let info: BoardInfo
  let board: BoardDefinition?
  let image: Image?
  let record: FlashRecord?

  init(board connected: PortChoice.Connected, context: Kocode.Context) {
    port = connected.port
    info = connected.client.info
    board = try? context.board(id: info.boardID)
    let store = ImageStore(environment: context.environment)
    image = info.hasProgram ? store.image(crc: info.programCRC) : nil
    record = info.hasProgram ? store.record(crc: info.programCRC) : nil
  }

  var state: String {
    switch info.state {
    case .empty: "empty"
    case .running: "running"
    case .stopped: "stopped"
    case .uploading: "uploading"
    case nil: "unknown"
    }
  }

  /// How the last run ended, once it has.
  var end: EndReason? {
    guard info.hasProgram, info.state == .stopped, info.endCode != 0 else { return nil }
    return EndReason(numeric: info.endCode)
  }

  /// The last run's runtime error, named on its block when the image is kept here.
  var error: TraceEvent? {
    guard info.hasProgram, info.errorCode != 0, let board else { return nil }
    return TraceEvent.numeric(
      kind: 9, index: 0, code: info.errorCode, value: 0, pc: info.errorPC,
      timeMS: Int64(info.timeMS), board: board, image: image)
  }

  /// The soil probe's numbers in force: the board's own, or the board file's.
  var soil: (dry: Int, wet: Int, calibrated: Bool)? {
    if let calibration = info.soilCalibration {
      return (calibration.dry, calibration.wet, true)
    }
    guard let conversion = board?.sensors["soil_moisture"]?.conversion,
      let from = conversion.from, let to = conversion.to
    else { return nil }
    return (from, to, false)
  }

  func text(_ language: Language) -> String {
    let french = language == .fr
    func say(_ fr: String, _ en: String) -> String { french ? fr : en }
    var lines = [info.name.isEmpty ? port : "\(info.name) (\(port))"]
    let type =
      board?.name ?? say("type inconnu n° \(info.boardID)", "unknown type #\(info.boardID)")
    lines.append(
      say("  carte : ", "  board: ") + type + say(" · firmware ", " · firmware ")
        + "\(info.firmwareVersion)" + say(" · format ", " · format ") + "\(info.formatVersion)")
    lines.append(
      say("  nom : ", "  name: ") + (info.name.isEmpty ? say("(aucun)", "(none)") : info.name))
    if info.hasProgram {
      let crc = BuildCommand.hex(info.programCRC)
      let name = record.map { $0.programName + ", " } ?? ""
      lines.append(
        say("  programme : ", "  program: ") + name
          + say(
            "\(info.programLength) octets, CRC \(crc)", "\(info.programLength) bytes, CRC \(crc)"))
      if let record {
        let date = Self.date(record.flashedAt, language)
        lines.append(say("  envoyé le \(date) depuis ", "  flashed \(date) from ") + record.file)
      } else {
        lines.append(
          say(
            "  envoyé depuis un autre ordinateur (ou avant que celui-ci ne le note)",
            "  flashed from another computer (or before this one kept a note)"))
      }
    } else {
      lines.append(say("  programme : aucun", "  program: none"))
    }
    lines.append(say("  état : ", "  state: ") + stateText(language))
    if let error {
      lines.append("  " + error.sentence(language))
    }
    if let soil {
      lines.append(
        say("  sonde du sol : ", "  soil probe: ")
          + (soil.calibrated
            ? say("étalonnée", "calibrated") : say("valeurs de la carte", "board defaults"))
          + say(
            " (sec \(soil.dry), dans l’eau \(soil.wet))",
            " (dry \(soil.dry), in water \(soil.wet))"
          ))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func stateText(_ language: Language) -> String {
    let french = language == .fr
    switch info.state {
    case .empty:
      return french ? "ne fait rien (pas de programme)" : "doing nothing (no program)"
    case .running:
      let time = Self.duration(Int(info.timeMS), language)
      return french ? "en marche depuis \(time)" : "running for \(time)"
    case .uploading:
      return french ? "reçoit un programme" : "receiving a program"
    default:
      guard let end else { return french ? "arrêté" : "stopped" }
      switch end {
      case .finished:
        return french
          ? "arrêté : le programme est allé au bout" : "stopped: the program ran to its end"
      case .stopped:
        return french
          ? "arrêté (kocode stop ou bloc stop)" : "stopped (kocode stop or a stop block)"
      case .error: return french ? "arrêté sur une erreur" : "stopped on an error"
      case .timeLimit, .detached: return french ? "arrêté" : "stopped"
      }
    }
  }

  func json() -> String {
    var program = JSONText.Value.null
    if info.hasProgram {
      program = .raw(
        JSONText.object([
          ("crc", .string(BuildCommand.hex(info.programCRC))),
          ("bytes", .int(info.programLength)),
          ("name", record.map { .string($0.programName) } ?? .null),
          ("file", record.map { .string($0.file) } ?? .null),
          ("flashed_at", record.map { .string(Self.iso($0.flashedAt)) } ?? .null),
        ]))
    }
    var errorValue = JSONText.Value.null
    if case .error(_, let code, let block)? = error {
      errorValue = .raw(
        JSONText.object([
          ("code", .string(code.name)), ("block", block.map { .string($0) } ?? .null),
          ("pc", .int(Int(info.errorPC))),
        ]))
    }
    var soilValue = JSONText.Value.null
    if let soil {
      soilValue = .raw(
        JSONText.object([
          ("dry", .int(soil.dry)), ("wet", .int(soil.wet)), ("calibrated", .bool(soil.calibrated)),
        ]))
    }
    return JSONText.object([
      ("port", .string(port)), ("name", .string(info.name)),
      ("board", board.map { .string($0.name) } ?? .null),
      ("board_id", .int(Int(info.boardID))), ("firmware", .int(Int(info.firmwareVersion))),
      ("protocol", .int(Int(info.protocolVersion))), ("format", .int(Int(info.formatVersion))),
      ("state", .string(state)), ("time_ms", .int(Int(info.timeMS))),
      ("program", program), ("end", end.map { .string($0.rawValue) } ?? .null),
      ("error", errorValue), ("soil_calibration", soilValue),
    ])
  }

  static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: date)
  }

  /// A local date and time as staff read it: `03/12/2026 14:05` or `2026-12-03 14:05`.
  static func date(_ date: Date, _ language: Language) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = language == .fr ? "dd/MM/yyyy 'à' HH:mm" : "yyyy-MM-dd 'at' HH:mm"
    return formatter.string(from: date)
  }

  /// `42 s`, `3 min 05 s`, `2 h 04 min`.
  static func duration(_ milliseconds: Int, _ language: Language) -> String {
    let seconds = max(0, milliseconds / 1000)
    if seconds < 60 { return "\(seconds) s" }
    if seconds < 3600 { return "\(seconds / 60) min \(String(format: "%02d", seconds % 60)) s" }
    return "\(seconds / 3600) h \(String(format: "%02d", seconds / 60 % 60)) min"
  }
}
