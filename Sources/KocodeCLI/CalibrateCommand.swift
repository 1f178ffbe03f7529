import Foundation
import KocodeLink
import KocodeSupport

/// `kocode calibrate [--port PORT|NAME|auto] [--dry N --wet N | --reset]`:
/// the soil probe's raw readings in air and in water, measured by the
/// board itself while staff move the probe, then stored in its EEPROM,
/// where uploads and erases leave them.
enum CalibrateCommand {
  /// Readings closer than this mean the probe did not move, or is not plugged in.
  static let minimumSpan = 50

  static func run(_ context: Kocode.Context) throws(CommandFailure) -> ExitCode {
    let text = context.text
    let arguments = try Arguments(
      context.arguments, valued: ["--port", "--dry", "--wet"], flags: ["--reset"], text: text)
    guard arguments.positional.isEmpty else {
      throw CommandFailure(.usage, text.wrongArgumentCount(HelpText.careUsage("calibrate")))
    }
    let given = try readings(arguments, text)
    let board = try PortChoice.choose(
      port: arguments.value("--port"), all: false, context: context
    ).boards[0]
    defer { board.client.session.transport.close() }
    if arguments.has("--reset") {
      try CareCommand.care(board, context) { client throws(CareError) in
        try client.calibrate(nil)
      }
      let after = try CareCommand.refresh(board, context)
      guard after.soilCalibration == nil else { throw notKept(board, text) }
      context.console.say(
        Localized(
          fr: "\(board.label) : la sonde du sol reprend les valeurs de la fiche de la carte.",
          en: "\(board.label): the soil probe uses the board file's numbers again."),
      )
      return .success
    }
    let calibration: SoilCalibration
    if let given {
      calibration = given
    } else {
      calibration = try walkThrough(board, context)
    }
    guard abs(calibration.dry - calibration.wet) >= minimumSpan else {
      throw CommandFailure(
        .dataError,
        text.pick(
          "les deux mesures sont presque pareilles (\(calibration.dry) à l’air, "
            + "\(calibration.wet) dans l’eau) : la sonde est-elle bien branchée sur A0 ? "
            + "Rien n’a été changé sur la carte.",
          "the two readings are almost the same (\(calibration.dry) in air, "
            + "\(calibration.wet) in water): is the probe plugged in on A0? Nothing was "
            + "changed on the board."))
    }
    try CareCommand.care(board, context) { client throws(CareError) in
      try client.calibrate(calibration)
    }
    let after = try CareCommand.refresh(board, context)
    guard after.soilCalibration == calibration else { throw notKept(board, text) }
    var now = ""
    if let reading = try? board.client.senseSoil() {
      now = text.pick(
        " Maintenant, la sonde lit \(reading.percent) %.",
        " The probe now reads \(reading.percent) %.")
    }
    context.console.say(
      Localized(
        fr: "\(board.label) : sonde étalonnée (à l’air \(calibration.dry), dans l’eau "
          + "\(calibration.wet)) ; l’étalonnage reste sur la carte, même après un nouvel "
          + "envoi.\(now)",
        en: "\(board.label): probe calibrated (in air \(calibration.dry), in water "
          + "\(calibration.wet)), kept on the board, even after a new upload.\(now)"),
    )
    return .success
  }

  /// `--dry N --wet N`, both or neither, never with `--reset`.
  static func readings(_ arguments: Arguments, _ text: CLIText) throws(CommandFailure)
    -> SoilCalibration?
  {
    let dry = arguments.value("--dry")
    let wet = arguments.value("--wet")
    if dry == nil && wet == nil { return nil }
    guard let dry, let wet, !arguments.has("--reset") else {
      throw CommandFailure(
        .usage,
        text.pick(
          "--dry et --wet vont ensemble, et pas avec --reset",
          "--dry and --wet go together, and not with --reset"))
    }
    guard let dryValue = Int(dry), let wetValue = Int(wet), (0...1023).contains(dryValue),
      (0...1023).contains(wetValue)
    else {
      throw CommandFailure(
        .usage,
        text.pick(
          "--dry et --wet sont des mesures brutes de 0 à 1023",
          "--dry and --wet are raw readings from 0 to 1023"))
    }
    return SoilCalibration(dry: dryValue, wet: wetValue)
  }

  /// Asks staff to hold the probe in air, then in water, and lets the
  /// board measure each time.
  static func walkThrough(_ board: PortChoice.Connected, _ context: Kocode.Context)
    throws(CommandFailure) -> SoilCalibration
  {
    let dry = try step(
      board, context,
      Localized(
        fr:
          "1/2 Sors la sonde de la terre, essuie-la et laisse-la à l’air. Puis appuie sur "
          + "Entrée.",
        en: "1/2 Take the probe out of the soil, wipe it and leave it in the air. Then press Enter."
      ))
    context.console.say(Localized(fr: "    À l’air : \(dry).", en: "    In air: \(dry)."))
    let wet = try step(
      board, context,
      Localized(
        fr: "2/2 Plonge la sonde dans un verre d’eau jusqu’au trait, pas plus haut. "
          + "Puis appuie sur Entrée.",
        en: "2/2 Dip the probe in a glass of water up to the line, no higher. Then press Enter."))
    context.console.say(Localized(fr: "    Dans l’eau : \(wet).", en: "    In water: \(wet)."))
    return SoilCalibration(dry: dry, wet: wet)
  }

  private static func step(
    _ board: PortChoice.Connected, _ context: Kocode.Context, _ instruction: Localized
  ) throws(CommandFailure) -> Int {
    context.console.problem(instruction.text(context.text.language))
    guard readLine() != nil else {
      throw CommandFailure(
        .usage,
        context.text.pick(
          "étalonnage interrompu : rien n’a été changé sur la carte.",
          "calibration interrupted: nothing was changed on the board."))
    }
    var raw = 0
    try CareCommand.care(board, context) { client throws(CareError) in
      raw = try client.senseSoil().raw
    }
    return raw
  }

  private static func notKept(_ board: PortChoice.Connected, _ text: CLIText) -> CommandFailure {
    CommandFailure(
      .ioError,
      text.pick(
        "\(board.label) : la carte n’a pas gardé l’étalonnage ; réessaie.",
        "\(board.label): the board did not keep the calibration; try again."))
  }
}
