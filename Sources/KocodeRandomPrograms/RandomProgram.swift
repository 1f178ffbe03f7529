/// A generated program: one workspace written in both formats the
/// compiler reads.
public struct GeneratedProgram: Sendable, Equatable {
  /// The workspace as Blockly JSON (`Blockly.serialization.workspaces.save`).
  public var json: String
  /// The same workspace as legacy Blockly XML, with the same block ids.
  public var xml: String
  /// Blocks the compiler counts: every block, shadows included unless a
  /// real block covers them.
  public var blockCount: Int
  /// Rebuilds this program alone, given the stream's options:
  /// `RandomProgramGenerator.program(seed:options:)`.
  public var seed: UInt64
}

/// A seeded stream of random well-typed Kocode programs for the Uno
/// greenhouse, for property and differential tests.
///
/// Every program compiles without errors, except that a few may be too
/// large or too deep for the board. Loops are bounded and every endless
/// loop waits, so two seconds of simulated time stay cheap; runtime errors
/// (`division_by_zero`, `negative_root`) happen only where
/// `Options.includesRuntimeErrors` allows them. Over a long stream, every
/// block of `language.md` section 4 and every field value the board
/// supports appears.
public struct RandomProgramGenerator: Sendable {
  /// What the generated programs may contain, and how big they get.
  public struct Options: Sendable, Equatable {
    /// Hats per program, 1 to 4 (the Uno runs 4 scripts).
    public var maxScripts = 4
    /// Blocks per program aimed at; programs with procedures and required
    /// inputs may go a little over.
    public var minBlocks = 10
    public var maxBlocks = 60
    /// Value blocks nested inside one another, at most.
    public var maxExpressionDepth = 4
    /// Statements with stacks (ifs, loops) nested inside one another.
    public var maxStatementDepth = 3
    /// `kocode_wait`, `kocode_wait_until`, `kocode_water`, `kocode_beep`.
    public var includesWaits = true
    /// Procedure definitions, calls and `procedures_ifreturn`.
    public var includesProcedures = true
    /// Procedure definitions per program, at most.
    public var maxProcedures = 3
    /// Divisions, powers, roots and maps whose operands may make them fail.
    public var includesRuntimeErrors = true
    /// `math_random_int`.
    public var includesRandomNumbers = true
    /// Programs, in percent, built around one jump longer than 255 bytes,
    /// so that the code generator needs its 16-bit jump forms. They hold
    /// about a hundred blocks whatever `maxBlocks` says.
    public var wideJumpPercent = 5

    public init() {}
  }

  public let options: Options
  private var random: SplitMix64

  public init(seed: UInt64, options: Options = .init()) {
    self.options = options
    random = SplitMix64(seed: seed)
  }

  /// The next program of the stream.
  public mutating func next() -> GeneratedProgram {
    Self.program(seed: nextSeed(), options: options)
  }

  /// Moves on one program and returns its seed without building it:
  /// `program(seed:options:)` then builds what `next()` would have given,
  /// so that a long stream can be built in parallel.
  public mutating func nextSeed() -> UInt64 {
    random.next()
  }

  /// The program a stream with these options gave with `seed`
  /// (`GeneratedProgram.seed`).
  public static func program(seed: UInt64, options: Options = .init()) -> GeneratedProgram {
    let builder = ProgramBuilder(seed: seed, options: options)
    let workspace = builder.build()
    return GeneratedProgram(
      json: WorkspaceWriter.json(workspace), xml: WorkspaceWriter.xml(workspace),
      blockCount: workspace.blockCount, seed: seed)
  }
}
