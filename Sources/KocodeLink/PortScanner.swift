import CSerialPort
import Foundation

/// A serial port found on this computer, with a guess of what is behind it.
public struct ScannedPort: Sendable, Equatable {
  public enum Kind: String, Sendable {
    /// A USB serial adapter or a board's own USB chip.
    case usb
    /// A virtual board from `kocode board sim` (a pseudo-terminal).
    case virtual
    /// A serial port built into the computer.
    case native
    case bluetooth
  }

  /// What the USB ids say the port is.
  public enum Guess: String, Sendable {
    /// Arduino's own USB chip (ATmega16U2/8U2): 2341:0043 or 2341:0001.
    case arduinoUno = "arduino_uno"
    /// The CH340 of many Uno clones: 1a86:7523.
    case ch340
    /// FTDI FT232R: 0403:6001.
    case ftdi
    /// Silicon Labs CP2102: 10c4:ea60.
    case cp2102
    /// `kocode board sim`.
    case virtualBoard = "virtual_board"
    case unknown
  }

  public var port: String
  public var kind: Kind
  public var vendorID: Int?
  public var productID: Int?
  /// What the system calls the device (`Arduino Uno (COM3)`, `USB2.0-Serial`).
  public var description: String?
  public var serialNumber: String?
  public var guess: Guess
  /// The board type a virtual board runs (`greenhouse-uno`).
  public var virtualBoard: String?

  public init(
    port: String, kind: Kind, vendorID: Int? = nil, productID: Int? = nil,
    description: String? = nil, serialNumber: String? = nil, virtualBoard: String? = nil
  ) {
    self.port = port
    self.kind = kind
    self.vendorID = vendorID
    self.productID = productID
    self.description = description
    self.serialNumber = serialNumber
    self.virtualBoard = virtualBoard
    guess = kind == .virtual ? .virtualBoard : Self.guess(vendorID, productID)
  }

  /// The plain guess from USB vendor and product ids.
  public static func guess(_ vendorID: Int?, _ productID: Int?) -> Guess {
    switch (vendorID, productID) {
    case (0x2341, 0x0043), (0x2341, 0x0001): .arduinoUno
    case (0x1a86, 0x7523): .ch340
    case (0x0403, 0x6001): .ftdi
    case (0x10c4, 0xea60): .cp2102
    default: .unknown
    }
  }
}

/// What a port answered to a Kocode hello.
public enum ProbeResult: Sendable, Equatable {
  /// A Kocode board: what it says of itself.
  case kocode(BoardInfo)
  /// It opened, but nothing answered a Kocode hello.
  case noKocode
  /// It could not be opened, or the link failed.
  case failed(LinkError)
}

/// Lists the serial ports libserialport sees and the virtual boards of the
/// registry, and asks each, on request, for a Kocode hello.
public struct PortScanner: Sendable {
  public var environment: [String: String]

  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  /// USB and other real ports first, by name, then the virtual boards.
  public func scan() -> [ScannedPort] {
    let virtual = VirtualBoardRegistry.entries(environment).map { entry in
      ScannedPort(port: entry.port, kind: .virtual, virtualBoard: entry.board)
    }
    return Self.systemPorts().sorted { $0.port < $1.port } + virtual
  }

  /// Every port libserialport lists, with its USB details.
  static func systemPorts() -> [ScannedPort] {
    var list: UnsafeMutablePointer<OpaquePointer?>?
    guard sp_list_ports(&list) == SP_OK, let list else { return [] }
    defer { sp_free_port_list(list) }
    var ports: [ScannedPort] = []
    var index = 0
    while let port = list[index] {
      index += 1
      guard let name = text(sp_get_port_name(port)) else { continue }
      let transport = sp_get_port_transport(port)
      var vendor: Int32 = 0
      var product: Int32 = 0
      let usb = transport == SP_TRANSPORT_USB
      let ids = usb && sp_get_port_usb_vid_pid(port, &vendor, &product) == SP_OK
      let kind: ScannedPort.Kind =
        usb ? .usb : transport == SP_TRANSPORT_BLUETOOTH ? .bluetooth : .native
      ports.append(
        ScannedPort(
          port: name, kind: kind, vendorID: ids ? Int(vendor) : nil,
          productID: ids ? Int(product) : nil, description: text(sp_get_port_description(port)),
          serialNumber: usb ? text(sp_get_port_usb_serial(port)) : nil))
    }
    return ports
  }

  private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    let value = String(cString: pointer).trimmingCharacters(in: .whitespaces)
    return value.isEmpty ? nil : value
  }

  /// Opens a port and asks for a Kocode hello. Opening an Uno resets it:
  /// the hello waits out its bootloader.
  public func probe(_ port: ScannedPort, within: Duration = .seconds(4)) -> ProbeResult {
    do throws(LinkError) {
      let transport = try Transports.open(path: port.port, environment: environment)
      defer { transport.close() }
      return .kocode(try BoardClient(transport: transport, within: within).info)
    } catch {
      if case .noAnswer = error { return .noKocode }
      return .failed(error)
    }
  }

  /// Probes every port at once: each may wait seconds for an answer.
  public func probe(_ ports: [ScannedPort], within: Duration = .seconds(4)) -> [ProbeResult] {
    let results = ResultBox(count: ports.count)
    DispatchQueue.concurrentPerform(iterations: ports.count) { index in
      results.set(index, probe(ports[index], within: within))
    }
    return results.values
  }
}

/// Results written from several threads, each to its own index.
private final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [ProbeResult?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: ProbeResult) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [ProbeResult] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0 ?? .noKocode }
  }
}
