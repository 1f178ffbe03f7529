import Foundation

/// Just enough of PNG to look at what `rsvg-convert` drew: 8-bit RGB or
/// RGBA, not interlaced, inflated by the system's zlib.
struct PNGImage {
  var width: Int
  var height: Int
  /// Red, green, blue, alpha for each pixel, row by row.
  var pixels: [UInt8]

  enum Problem: Error {
    case notPNG, unsupported(String), noZlib, inflateFailed(Int32)
  }

  init(_ bytes: [UInt8]) throws {
    guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
      throw Problem.notPNG
    }
    var offset = 8
    var header: [UInt8] = []
    var compressed: [UInt8] = []
    while offset + 8 <= bytes.count {
      let length = Self.bigEndian(bytes, offset)
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      let body = Array(bytes[offset + 8..<min(bytes.count, offset + 8 + length)])
      if type == "IHDR" { header = body }
      if type == "IDAT" { compressed += body }
      if type == "IEND" { break }
      offset += 12 + length
    }
    guard header.count == 13 else { throw Problem.notPNG }
    width = Self.bigEndian(header, 0)
    height = Self.bigEndian(header, 4)
    let (depth, colour, interlace) = (header[8], header[9], header[12])
    guard depth == 8, colour == 6 || colour == 2, interlace == 0 else {
      throw Problem.unsupported("depth \(depth), colour type \(colour), interlace \(interlace)")
    }
    let channels = colour == 6 ? 4 : 3
    let raw = try Self.inflate(compressed, size: height * (1 + width * channels))
    let rows = Self.unfiltered(raw, width: width, height: height, channels: channels)
    pixels = channels == 4 ? rows : Self.withAlpha(rows)
  }

  func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
    let index = (y * width + x) * 4
    return (pixels[index], pixels[index + 1], pixels[index + 2], pixels[index + 3])
  }

  static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> Int {
    bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
  }

  /// zlib's `uncompress`, found at run time: Foundation on Linux has no
  /// public inflate, and the test target cannot link a system library.
  static func inflate(_ data: [UInt8], size: Int) throws -> [UInt8] {
    typealias Uncompress =
      @convention(c) (
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt
      ) -> Int32
    guard let library = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.dylib", RTLD_NOW),
      let symbol = dlsym(library, "uncompress")
    else { throw Problem.noZlib }
    let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
    var output = [UInt8](repeating: 0, count: size)
    var length = UInt(size)
    let status = output.withUnsafeMutableBufferPointer { out in
      data.withUnsafeBufferPointer { input in
        uncompress(out.baseAddress, &length, input.baseAddress, UInt(data.count))
      }
    }
    guard status == 0, length == UInt(size) else { throw Problem.inflateFailed(status) }
    return output
  }

  /// Undoes the per-row filters of PNG (none, sub, up, average, Paeth).
  static func unfiltered(_ raw: [UInt8], width: Int, height: Int, channels: Int) -> [UInt8] {
    let stride = width * channels
    var out = [UInt8](repeating: 0, count: height * stride)
    for row in 0..<height {
      let filter = raw[row * (stride + 1)]
      let source = row * (stride + 1) + 1
      let target = row * stride
      for column in 0..<stride {
        let left = column >= channels ? Int(out[target + column - channels]) : 0
        let up = row > 0 ? Int(out[target - stride + column]) : 0
        let corner =
          row > 0 && column >= channels ? Int(out[target - stride + column - channels]) : 0
        let predictor: Int
        switch filter {
        case 1: predictor = left
        case 2: predictor = up
        case 3: predictor = (left + up) / 2
        case 4: predictor = paeth(left, up, corner)
        default: predictor = 0
        }
        out[target + column] = UInt8((Int(raw[source + column]) + predictor) & 0xFF)
      }
    }
    return out
  }

  static func paeth(_ left: Int, _ up: Int, _ corner: Int) -> Int {
    let estimate = left + up - corner
    let (toLeft, toUp, toCorner) = (
      abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    )
    if toLeft <= toUp && toLeft <= toCorner { return left }
    return toUp <= toCorner ? up : corner
  }

  static func withAlpha(_ rgb: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rgb.count / 3 * 4)
    for index in stride(from: 0, to: rgb.count, by: 3) {
      out += [rgb[index], rgb[index + 1], rgb[index + 2], 255]
    }
    return out
  }
}
