import CKocodeVM
import KocodeBoard

/// The board's verifier (`kc_verify`), run on the bytes a board stores:
/// header and code.
public enum CVerifier {
  /// What `kc_verify` said: `KC_VERIFY_OK` (0) or a `KC_VERIFY_*` code, and
  /// the code offset it names (0 for problems with the header).
  public struct Result: Sendable, Equatable {
    public var code: Int
    public var offset: Int

    public var isAccepted: Bool { code == 0 }

    public init(code: Int, offset: Int) {
      self.code = code
      self.offset = offset
    }
  }

  /// Verifies `boardBytes` (an image's header and code) for `board`.
  public static func verify(_ boardBytes: [UInt8], board: BoardDefinition) -> Result {
    var description = CBoard.make(board)
    var header = [UInt8](repeating: 0, count: 14)
    for index in 0..<min(14, boardBytes.count) { header[index] = boardBytes[index] }
    let code = Array(boardBytes.dropFirst(14))
    var table = [UInt8](repeating: 0, count: max(1, code.count))
    var offset: UInt16 = 0
    let result = code.withUnsafeBufferPointer { code in
      var platform = kc_platform()
      platform.read_code = kc_read_code_from_memory
      platform.code = UnsafeRawPointer(code.baseAddress)
      return kc_verify(
        &description, &platform, header, UInt32(clamping: boardBytes.count), &table,
        UInt16(clamping: table.count), &offset)
    }
    return Result(code: Int(result), offset: Int(offset))
  }
}
