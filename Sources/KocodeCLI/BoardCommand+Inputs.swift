import KocodeBoard
import KocodeFirmware
import KocodeSupport
import KocodeVM

extension BoardCommand {
  /// Where the virtual board's sensors come from: the simulated greenhouse,
  /// live (`--greenhouse on`, the default), or fixed inputs
  /// (`--greenhouse off`: kc-vboard's own, with the `--set` values on top).
  struct Inputs {
    /// The live model, when there is one.
    var live: LiveGreenhouse?
    /// The control lines the board starts with.
    var initial: [String]
    /// What the person at the terminal is told about them.
    var description: Localized

    init(_ arguments: Arguments, board: BoardDefinition, context: Kocode.Context)
      throws(CommandFailure)
    {
      let text = context.text
      let overrides = try GreenhouseOptions.overrides(arguments, board: board, text: text)
      switch arguments.value("--greenhouse") ?? "on" {
      case "on":
        let model = try GreenhouseOptions.model(arguments, text: text)
        let greenhouse = Greenhouse(board: board, overrides: overrides, model: model)
        let live = LiveGreenhouse(board: board, greenhouse: greenhouse)
        self.live = live
        initial = live.commands(at: 0)
        description = Self.describe(greenhouse.readings(of: greenhouse.state(at: 0)))
      case "off":
        let modelFlags = GreenhouseOptions.valued.sorted().filter { !arguments.all($0).isEmpty }
        if let flag = modelFlags.first {
          throw CommandFailure(
            .usage,
            text.pick(
              "\(flag) règle la serre simulée, que --greenhouse off arrête",
              "\(flag) sets up the simulated greenhouse, which --greenhouse off turns off"))
        }
        initial = LiveGreenhouse.fixedInputs(overrides, board: board)
        description = Localized(
          fr: "Capteurs fixes, sans serre simulée.",
          en: "Fixed sensors, no simulated greenhouse.")
      case let value:
        throw CommandFailure(
          .usage,
          text.pick(
            "--greenhouse attend on ou off, pas « \(value) »",
            "--greenhouse takes on or off, not '\(value)'"))
      }
    }

    /// The greenhouse as the board's sensors first see it.
    static func describe(_ readings: GreenhouseReadings) -> Localized {
      let soil = readings.soilMoisture
      let light = readings.light
      let degrees = readings.temperature
      return Localized(
        fr: "Serre simulée en temps réel : sol \(soil) %, lumière \(light) %, \(degrees) °C, "
          + (readings.tankEmpty ? "réservoir vide." : "réservoir plein."),
        en: "Simulated greenhouse in real time: soil \(soil) %, light \(light) %, "
          + "\(degrees) °C, " + (readings.tankEmpty ? "tank empty." : "tank full."))
    }
  }
}
