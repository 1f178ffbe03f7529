import KocodeBytecode
import Testing

/// The listing of `kocode disasm` and `kocode build --listing`.
@Suite struct DisassemblerTests {
  @Test func sampleProgramListing() {
    let expected = """
      ; Kocode image for board 1
      ; code 70 bytes, CRC-32 0x93E4DC9F
      ; 2 scripts, 4 globals, 4 functions, 2 texts
      ; globals: g0 total, g1 i
      ; verified: the scripts need 11 of 96 stack slots

      ; procedure double(p0) returns a value (uses 4 of 4 stack slots)
      0000  00 01 00 04 01  FUNCTION        params 1, locals 0, need 4, procedure with a value
      0005  09 00           LOAD_L          p0                    ; block blk-double
      0007  09 00           LOAD_L          p0
      0009  10              ADD
      000A  42              RET_V

      ; procedure water(p0) (uses 8 of 8 stack slots)
      000B  00 01 02 08 00  FUNCTION        params 1, locals 2, need 8, procedure
      0010  02              PUSH_1                                ; block blk-water
      0011  09 00           LOAD_L          p0
      0013  02              PUSH_1
      0014  3A 01           FOR_PREP        l0
      0016  07 01           STORE_G         g1 (i)
      0018  06 01           LOAD_G          g1 (i)
      001A  3B 01 0E        FOR_TEST        l0, -> 0x002B
      001D  06 01           LOAD_G          g1 (i)
      001F  40 00 00        CALL            -> 0x0000 (double)
      0022  08 00           CHANGE_G        g0 (total)
      0024  06 01           LOAD_G          g1 (i)
      0026  3D 01 02        FOR_NEXT        l0, -> 0x002B
      0029  36 15           LOOP            -> 0x0016
      002B  41              RET

      ; script 1: kocode_on_start (uses 9 of 9 stack slots)
      002C  00 00 00 09 02  FUNCTION        params 0, locals 0, need 9, script
      0031  03 03           PUSH_I8         3
      0033  40 0B 00        CALL            -> 0x000B (water)
      0036  72 01           PRINT_TEXT      "hello"               ; block blk-print
      0038  43              END

      ; script 2: kocode_every (uses 2 of 2 stack slots)
      0039  00 00 00 02 02  FUNCTION        params 0, locals 0, need 2, script
      003E  03 05           PUSH_I8         5
      0040  50              EVERY_BEGIN
      0041  60              SOIL
      0042  70 00           LOG_NUM         "moisture"
      0044  51 08           EVERY_NEXT      -> 0x003E

      """
    #expect(Disassembler.listing(Fixture.sampleProgram(), limits: Fixture.limits) == expected)
  }

  @Test func withoutLimitsThereIsNoVerdict() {
    let listing = Disassembler.listing(Fixture.sampleProgram())
    #expect(!listing.contains("verified") && !listing.contains("rejected"))
    #expect(listing.contains("\n; procedure water(p0)\n"))
    #expect(listing.contains("\n; script 2: kocode_every\n"))
  }

  @Test func corruptCodeIsShownNotTrusted() {
    var image = Fixture.script { asm in
      asm.emit(.loadG, 7)
      asm.emit(.printText, 9)
      asm.emit(.call, 0x40)
      asm.emit(.end)
    }
    image.code += [0x99, 0x05, 0x01]
    let expected = """
      ; Kocode image for board 1
      ; code 16 bytes, CRC-32 0xE02D86B8
      ; 1 script, 4 globals, 1 function, 2 texts
      ; rejected: LOAD_G at 0x0005: global 7 is out of range (4)

      ; script 1: f0
      0000  00 00 02 08 02  FUNCTION        params 0, locals 2, need 8, script
      0005  06 07           LOAD_G          g7                    ; <- rejected
      0007  72 09           PRINT_TEXT      text 9
      0009  40 40 00        CALL            -> 0x0040
      000C  43              END
      000D  99              .byte 0x99
      000E  05              .byte 0x05
      000F  01              PUSH_0

      """
    #expect(Disassembler.listing(image, limits: Fixture.limits) == expected)
  }

  @Test func verdictsThatAreNotAtAnOffset() {
    var limits = Fixture.limits
    limits.boardID = 2
    let wrongBoard = Disassembler.listing(Fixture.sampleProgram(), limits: limits)
    #expect(wrongBoard.contains("\n; rejected: the image is for board 1, this board is 2\n"))
    limits = Fixture.limits
    limits.maxProgramBytes = 50
    let tooLarge = Disassembler.listing(Fixture.sampleProgram(), limits: limits)
    #expect(tooLarge.contains("\n; rejected: 84 bytes, the board holds 50\n"))
  }

  @Test func labelsOfEveryKind() {
    var asm = TestAssembler()
    asm.function("p", params: 2, locals: 1, need: 5, kind: 0)
    asm.emit(.loadL, 1)
    asm.emit(.storeL, 2)
    asm.emit(.ret)
    asm.function("q", need: 1, kind: 7)
    asm.emit(.end)
    let image = Fixture.image(asm.build(), functions: 2, scripts: 0)
    let listing = Disassembler.listing(image)
    #expect(listing.contains("\n; procedure f0(p0, p1)\n"))
    #expect(listing.contains("LOAD_L          p1\n"))
    #expect(listing.contains("STORE_L         l0\n"))
    #expect(listing.contains("\n; function f1 of unknown kind 7\n"))
    #expect(listing.contains("params 0, locals 0, need 1, kind 7\n"))
  }

  @Test func textsAreQuotedAndEscaped() {
    let image = Fixture.script { asm in
      asm.emit(.printText, 0)
      asm.emit(.end)
    }
    var odd = image
    odd.host.texts = ["say \"hi\"\\\n\u{1}é", "b"]
    #expect(Disassembler.listing(odd).contains(#"PRINT_TEXT      "say \"hi\"\\\n\u{1}é""#))
  }

  @Test func emptyCode() {
    // A program where nothing runs: no code, and nothing wrong with it.
    let empty = Fixture.image([], functions: 0, scripts: 0)
    #expect(
      Disassembler.listing(empty, limits: Fixture.limits).hasSuffix(
        "; verified: the scripts need 0 of 96 stack slots\n"))
    let missing = Fixture.image([], functions: 1, scripts: 1)
    #expect(
      Disassembler.listing(missing, limits: Fixture.limits).hasSuffix(
        "; rejected: the code must start with FUNCTION\n"))
  }
}
