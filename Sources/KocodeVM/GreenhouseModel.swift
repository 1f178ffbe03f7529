/// A press of the greenhouse's button, in board time.
public struct ButtonPress: Sendable, Equatable {
  /// When the finger goes down, in microseconds.
  public var startUS: Int64
  /// How long it stays down, in microseconds.
  public var lengthUS: Int64

  public init(startUS: Int64, lengthUS: Int64) {
    self.startUS = startUS
    self.lengthUS = lengthUS
  }

  /// The press holds the button down at this time.
  public func holds(_ timeUS: Int64) -> Bool {
    timeUS >= startUS && timeUS - startUS < lengthUS
  }
}

extension Greenhouse {
  /// The numbers of the simulated greenhouse (`docs/greenhouse.md`). The
  /// defaults are the documented, stable ones: soil at 50 %, a full tank,
  /// 08:00 in the morning, no sensor noise, nobody at the button.
  public struct Model: Sendable, Equatable {
    /// Soil moisture at board time 0, in percent.
    public var startMoisture = 50
    /// What the tank holds, in millilitres; it is full at board time 0.
    public var tankMl = 5000
    /// The float switch says "empty" once the tank holds this much or less.
    public var tankEmptyMl = 200
    /// What the pump moves, in millilitres per second.
    public var pumpFlowMl = 10
    /// Evaporation in the dark at 20 °C, in thousandths of a percent of
    /// soil moisture per hour (1000 is 1 % per hour).
    public var evaporation = 1000
    /// The water that raises the soil moisture by one percent, in millilitres.
    public var soilMlPerPercent = 10
    /// Seconds between water leaving the pump and the probe seeing it.
    public var soakSeconds = 5
    /// Above this moisture, in percent, water drains out of the pot.
    public var drainAbove = 85
    /// Daylight from sunrise to sunset, in seconds (0 to 24 h), centred on 13:00.
    public var dayLengthSeconds = 16 * 3600
    /// Time of day at board time 0, in seconds after midnight.
    public var startTimeSeconds = 8 * 3600
    /// The light sensor's reading in full daylight, in percent.
    public var daylightPercent = 80
    /// Air temperature at night, in whole degrees Celsius.
    public var nightTemperature = 16
    /// Air temperature in full daylight, in whole degrees Celsius.
    public var dayTemperature = 26
    /// Sensor noise: analog readings move by up to this many raw counts,
    /// up or down (0: no noise).
    public var noise = 0
    /// Where the noise starts; the program's random numbers never change it.
    public var noiseSeed: UInt64 = 1
    /// When someone presses the button, in time order.
    public var buttonPresses: [ButtonPress] = []

    public init() {}

    /// Seconds of pumping a full tank gives before the float switch says
    /// "empty". Setting it sizes the tank for the current flow.
    public var tankSeconds: Int {
      get { pumpFlowMl > 0 ? (tankMl - tankEmptyMl) / pumpFlowMl : 0 }
      set { tankMl = tankEmptyMl + max(0, newValue) * pumpFlowMl }
    }
  }
}
