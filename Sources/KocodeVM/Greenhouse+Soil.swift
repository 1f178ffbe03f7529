/// The soil, one second at a time (`docs/greenhouse.md`, "Equations").
extension Greenhouse {
  /// Brings the soil up to the last whole second at or before `timeUS`.
  /// Each step only depends on the pump's history, never on when it is
  /// taken, so asking more often never changes a run.
  func advance(to timeUS: Int64) {
    let target = max(timeUS, 0) / Self.stepUS
    while step < target {
      // Dry soil with no water coming changes no more: skip to the target.
      if stepObserver == nil, !pumpOn, transitTotal == 0, moisture == 0 {
        step = target
        return
      }
      takeStep()
    }
  }

  /// One second, from `step` to `step + 1`: the water pumped in it sets
  /// off towards the probe, the water due now arrives, the soil
  /// evaporates, and what the pot cannot hold drains away.
  func takeStep() {
    let start = step * Self.stepUS
    let delivered = delivered(at: start + Self.stepUS)
    let pumped = delivered - deliveredAtStep
    deliveredAtStep = delivered

    let slots = Int64(transit.count)
    transit[Int((step + slots - 1) % slots)] += pumped
    let arrivingSlot = Int(step % slots)
    let arriving = transit[arrivingSlot]
    transit[arrivingSlot] = 0
    transitTotal += pumped - arriving

    let light = sky.light(at: start)
    moisture = max(0, moisture - evaporation(light: light))
    // Dry soil keeps no remainder, so a skip over dry time changes nothing.
    if moisture == 0 { evaporationCarry = 0 }
    moisture += arriving * 1000 / Int64(max(model.soilMlPerPercent, 1))
    drain()
    step += 1
    if let stepObserver { stepObserver(snapshot(at: step * Self.stepUS)) }
  }

  /// Moisture lost in one second, in millionths of a percent: the model's
  /// rate in the dark at 20 °C, times (1 + 1.5 × light / 100), times
  /// (1 + 5 % per degree above 20 °C), never below zero. The division's
  /// remainder carries over to the next second, so no water is lost to
  /// rounding.
  func evaporation(light: Int) -> Int64 {
    let tenths = Int64(sky.temperatureTenths(light: light))
    let heat = max(0, 1000 + 5 * (tenths - 200))
    let brightness = 200 + 3 * Int64(light)
    // Thousandths of a percent per hour to millionths per second is × 1000 / 3600;
    // the two factors above are in 200ths and 1000ths.
    let total = Int64(max(model.evaporation, 0)) * brightness * heat + evaporationCarry
    evaporationCarry = total % Self.evaporationDivisor
    return total / Self.evaporationDivisor
  }

  static let evaporationDivisor: Int64 = 720_000

  /// Anything above 100 % runs off at once; above the drain limit, a tenth
  /// of the excess drains each second. Both count as waste.
  func drain() {
    let unit = GreenhouseProbes.unit
    let full = 100 * unit
    if moisture > full {
      drained += moisture - full
      moisture = full
    }
    let limit = Int64(min(max(model.drainAbove, 0), 100)) * unit
    guard moisture > limit else { return }
    let out = (moisture - limit + 9) / 10
    moisture -= out
    drained += out
  }
}
