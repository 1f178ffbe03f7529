import Foundation
import KocodeSupport

/// A board as `Boards/<name>/board.json` describes it: what the compiler
/// may use, what the VM converts and what the safety rules allow.
public struct BoardDefinition: Codable, Sendable, Equatable {
  public struct Title: Codable, Sendable, Equatable {
    public var fr: String
    public var en: String
  }

  public struct Limits: Codable, Sendable, Equatable {
    /// Scripts that run at once (hats).
    public var scripts: Int
    /// Global variables.
    public var globals: Int
    /// Bytes of a board image (header and code) that one program slot holds.
    public var programBytes: Int
    /// Stack slots (32-bit values) shared by the running scripts.
    public var stackSlots: Int
    /// Distinct log labels and print texts.
    public var texts: Int
  }

  /// How a raw ADC reading becomes the value a sensor block reads.
  public struct Conversion: Codable, Sendable, Equatable {
    /// `percent_between`: `from` reads 0 %, `to` reads 100 %, clamped.
    /// `percent_of`: raw × 100 / `full_scale`.
    /// `tmp36`: mV = raw × `vref_mv` / `full_scale`; °C = (mV − `offset_mv`) / `mv_per_degree`.
    public var kind: String
    public var from: Int?
    public var to: Int?
    public var fullScale: Int?
    public var vrefMv: Int?
    public var offsetMv: Int?
    public var mvPerDegree: Int?
  }

  public struct Sensor: Codable, Sendable, Equatable {
    public var pin: String
    /// Analog sensors: the conversion from the raw reading.
    public var conversion: Conversion?
    /// Digital sensors: the input's pull-up.
    public var pullUp: Bool?
    /// Digital sensors: true when a HIGH level means the sensor's `true`.
    public var activeHigh: Bool?
  }

  public struct Output: Codable, Sendable, Equatable {
    /// The name in traces: `pump`, `led_green`, `d9`…
    public var name: String
    public var pin: String
    /// Relay modules are often active-low: the pin level for "on" is LOW.
    public var activeLow: Bool?
    /// For `kocode_led`: the `LED` field value that selects this output.
    public var led: String?
    /// A free pin for `kocode_digital_write` and `kocode_analog_write`.
    public var free: Bool?
    /// The pin can do PWM (`kocode_analog_write`).
    public var pwm: Bool?
    /// The timer output compare unit behind the pin's PWM (`OC1A`…).
    public var pwmChannel: String?
  }

  /// The chip's memories, in bytes.
  public struct Memory: Codable, Sendable, Equatable {
    public var flash: Int
    public var ram: Int
    public var eeprom: Int
  }

  public struct Safety: Codable, Sendable, Equatable {
    public var pumpMaxOnMs: Int
    public var tankCheckMs: Int
  }

  public var name: String
  /// The board id written in image headers.
  public var id: Int
  public var title: Title
  public var mcu: String
  public var clockHz: Int
  public var memory: Memory
  public var limits: Limits
  public var sensors: [String: Sensor]
  /// In order: an output's index here is its number in the bytecode.
  public var outputs: [Output]
  public var analogInputs: [String]
  public var digitalInputs: [String]
  public var safety: Safety
  /// Board pin names to the chip's port and bit: `"D7": "PD7"`.
  public var pins: [String: String]

  /// The index of the output named `name` (`pump`, `led_green`, `d9`…).
  public func outputIndex(named name: String) -> Int? {
    outputs.firstIndex { $0.name == name }
  }

  /// The output a `kocode_led` field value selects.
  public func ledIndex(_ field: String) -> Int? {
    outputs.firstIndex { $0.led == field }
  }

  /// The index of a free output by pin name (`D9`), for the pin blocks.
  public func freeOutputIndex(pin: String, needsPWM: Bool) -> Int? {
    outputs.firstIndex {
      $0.pin == pin && $0.free == true && (!needsPWM || $0.pwm == true)
    }
  }
}
