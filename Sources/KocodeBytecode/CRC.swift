/// CRC-32 (IEEE 802.3, reflected, as zlib): checks images end to end.
public enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
    }
    return value
  }

  public static func checksum<C: Collection>(_ bytes: C, start: UInt32 = 0) -> UInt32
  where C.Element == UInt8 {
    var crc = ~start
    for byte in bytes {
      crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return ~crc
  }
}

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): checks link frames.
public enum CRC16 {
  public static func checksum<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
    var crc: UInt16 = 0xFFFF
    for byte in bytes {
      crc ^= UInt16(byte) << 8
      for _ in 0..<8 {
        crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
      }
    }
    return crc
  }
}
