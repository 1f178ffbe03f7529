/// A compiled program: the board image (header and code, what the board
/// runs) and the host section (texts, block ids and names, which stay on
/// the computer). `docs/bytecode.md` section 2 gives the layout.
public struct Image: Sendable, Equatable {
  public var boardID: UInt8
  public var scriptCount: UInt8
  public var globalCount: UInt8
  public var functionCount: UInt8
  public var code: [UInt8]
  public var host: HostSection

  public init(
    boardID: UInt8, scriptCount: UInt8, globalCount: UInt8, functionCount: UInt8,
    code: [UInt8], host: HostSection
  ) {
    self.boardID = boardID
    self.scriptCount = scriptCount
    self.globalCount = globalCount
    self.functionCount = functionCount
    self.code = code
    self.host = host
  }

  /// The ten header bytes the CRC covers, before the CRC itself.
  private var headerPrefix: [UInt8] {
    let size = UInt16(truncatingIfNeeded: code.count)
    return [
      0x4B, 0x43, UInt8(VMConstant.formatVersion), boardID,
      UInt8(size & 0xFF), UInt8(size >> 8), scriptCount, globalCount, functionCount,
      UInt8(truncatingIfNeeded: host.texts.count),
    ]
  }

  /// CRC-32 of the header's first ten bytes and the code: the program's
  /// identity, on the board and on the computer.
  public var crc: UInt32 { CRC32.checksum(headerPrefix + code) }

  /// Header and code: the bytes sent to the board.
  public var boardBytes: [UInt8] {
    var bytes = headerPrefix
    ByteWriter.append(crc, to: &bytes)
    return bytes + code
  }

  /// The CRC-32 of the bytes a board stores (header and code): what an
  /// upload commits, what the board reports, what `build`, `flash` and
  /// `status` show, and the key under which the computer keeps the image's
  /// texts and block ids (`docs/protocol.md`).
  public var linkCRC: UInt32 { CRC32.checksum(boardBytes) }

  /// The whole `.kbc` file.
  public var fileBytes: [UInt8] { boardBytes + host.bytes }
}

/// What the computer keeps about an image: texts, block ids and names.
public struct HostSection: Sendable, Equatable {
  /// Log labels and print messages, by text index.
  public var texts: [String] = []
  /// Block ids named by the debug map.
  public var blockIDs: [String] = []
  /// Code offset → index in `blockIDs`, by increasing offset; an entry
  /// covers the code up to the next entry.
  public var debugMap: [DebugEntry] = []
  /// Global variable names, by index.
  public var globalNames: [String] = []
  /// Function names, in code order (a script's name is its hat's type).
  public var functionNames: [String] = []

  public struct DebugEntry: Sendable, Equatable {
    public var offset: UInt16
    public var block: UInt16

    public init(offset: UInt16, block: UInt16) {
      self.offset = offset
      self.block = block
    }
  }

  public init(
    texts: [String] = [], blockIDs: [String] = [], debugMap: [DebugEntry] = [],
    globalNames: [String] = [], functionNames: [String] = []
  ) {
    self.texts = texts
    self.blockIDs = blockIDs
    self.debugMap = debugMap
    self.globalNames = globalNames
    self.functionNames = functionNames
  }

  /// The block id of the instruction at a code offset.
  public func block(at offset: Int) -> String? {
    var low = 0
    var high = debugMap.count
    // Binary search for the last entry at or before the offset.
    while low < high {
      let middle = (low + high) / 2
      if Int(debugMap[middle].offset) <= offset { low = middle + 1 } else { high = middle }
    }
    guard low > 0 else { return nil }
    let index = Int(debugMap[low - 1].block)
    return index < blockIDs.count ? blockIDs[index] : nil
  }

  var bytes: [UInt8] {
    var out: [UInt8] = [0x4B, 0x44, 1]
    ByteWriter.appendStrings(texts, to: &out)
    ByteWriter.appendStrings(blockIDs, to: &out)
    ByteWriter.append(UInt16(truncatingIfNeeded: debugMap.count), to: &out)
    for entry in debugMap {
      ByteWriter.append(entry.offset, to: &out)
      ByteWriter.append(entry.block, to: &out)
    }
    ByteWriter.appendStrings(globalNames, to: &out)
    ByteWriter.appendStrings(functionNames, to: &out)
    ByteWriter.append(CRC32.checksum(out), to: &out)
    return out
  }
}

/// Little-endian writing helpers shared by the image and the code emitter.
public enum ByteWriter {
  public static func append(_ value: UInt16, to bytes: inout [UInt8]) {
    bytes.append(UInt8(value & 0xFF))
    bytes.append(UInt8(value >> 8))
  }

  public static func append(_ value: UInt32, to bytes: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8((value >> UInt32(shift)) & 0xFF))
    }
  }

  static func appendStrings(_ strings: [String], to bytes: inout [UInt8]) {
    append(UInt16(truncatingIfNeeded: strings.count), to: &bytes)
    for string in strings {
      let utf8 = Array(string.utf8.prefix(Int(UInt16.max)))
      append(UInt16(utf8.count), to: &bytes)
      bytes += utf8
    }
  }
}
