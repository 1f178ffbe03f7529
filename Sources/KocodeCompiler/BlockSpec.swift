import KocodeBoard
import KocodeSupport

/// The toolbox category a block belongs to (language.md section 4).
public enum BlockCategory: String, Sendable, CaseIterable {
  case events, control, sensors, actions, data, operators, variables, functions
}

/// How a block connects to others in the editor.
public enum BlockShape: String, Sendable {
  /// Starts a script; sits at the top of a stack (`kocode_on_start`…).
  case hat
  /// A procedure definition; sits at the top of a stack, runs when called.
  case definition
  /// Goes in a stack, one after another.
  case statement
  /// Goes in a socket and gives a value.
  case value
}

/// One choice of an option field: the value saved in the workspace and the
/// label the editor shows.
public struct FieldOption: Sendable, Equatable {
  public var value: String
  public var label: Localized

  public init(_ value: String, fr: String, en: String) {
    self.value = value
    self.label = Localized(fr: fr, en: en)
  }
}

/// Option lists that come from the board definition, not from the language.
public enum BoardChoice: String, Sendable {
  /// `kocode_led`: the `led` names of the board's outputs (GREEN, RED…).
  case leds
  /// `kocode_digital_write`: the pins of the free outputs.
  case freePins
  /// `kocode_analog_write`: the pins of the free outputs that do PWM.
  case pwmPins
  /// `kocode_analog_read`: the analog inputs (A0…A5).
  case analogInputs
  /// `kocode_digital_read`: the digital inputs (D2, D3).
  case digitalInputs

  /// The allowed field values on `board`, in the board file's order.
  public func options(on board: BoardDefinition) -> [String] {
    switch self {
    case .leds: board.outputs.compactMap(\.led)
    case .freePins: board.outputs.filter { $0.free == true }.map(\.pin)
    case .pwmPins: board.outputs.filter { $0.free == true && $0.pwm == true }.map(\.pin)
    case .analogInputs: board.analogInputs
    case .digitalInputs: board.digitalInputs
    }
  }

  /// True when a wrong value is a pin (`pin_not_available`) rather than a
  /// missing board feature (`unsupported_on_board`).
  public var isPin: Bool { self != .leds }
}

/// What a variable field does with its variable.
public enum VariableUse: Sendable, Equatable {
  /// Reads it (`variables_get`): the block's value has the variable's type.
  case read
  /// Stores the value of the named input in it (`variables_set`).
  case store(from: String)
  /// Stores numbers in it (`math_change`, `controls_for`): a Number variable.
  case storeNumber
}

/// What a field holds and which values are allowed.
public enum FieldKind: Sendable, Equatable {
  /// One of fixed options. `unsupported` lists values that Blockly knows
  /// but this board cannot do (`unsupported_on_board`, not
  /// `invalid_field`), such as `math_single`'s LN.
  case options([FieldOption], unsupported: [String] = [])
  /// One of the options the board gives.
  case board(BoardChoice)
  /// A whole number written as text in any notation (`5`, `5.0`, `1e3`),
  /// within 32 bits.
  case integer
  /// Free text (a log label, a message).
  case text
  /// A variable, by id or by name.
  case variable(VariableUse)
  /// The name of the procedure a definition defines.
  case procedureName
}

/// A field of a block.
public struct FieldSpec: Sendable, Equatable {
  public var name: String
  public var kind: FieldKind

  public init(_ name: String, _ kind: FieldKind) {
    self.name = name
    self.kind = kind
  }
}

/// A value socket or a statement input.
public struct InputSpec: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A socket for one value block of one of these types (in the order
    /// the editor lists them). Every value input is required.
    case value(accepts: [ValueType])
    /// A stack of statements; may be empty.
    case statement
  }

  public var name: String
  public var kind: Kind

  public init(_ name: String, _ kind: Kind) {
    self.name = name
    self.kind = kind
  }

  /// A socket for a Number.
  public static func number(_ name: String) -> InputSpec {
    InputSpec(name, .value(accepts: [.number]))
  }
  /// A socket for a Boolean (a condition).
  public static func condition(_ name: String) -> InputSpec {
    InputSpec(name, .value(accepts: [.boolean]))
  }
  /// A socket for a Number or a Boolean, whichever the program uses.
  public static func anyValue(_ name: String) -> InputSpec {
    InputSpec(name, .value(accepts: [.number, .boolean]))
  }
  /// A statement input.
  public static func stack(_ name: String) -> InputSpec { InputSpec(name, .statement) }

  /// The types a value input accepts; empty for a statement input.
  public var accepts: [ValueType] {
    if case .value(let types) = kind { return types }
    return []
  }
}

/// The type of the value a value block gives.
public enum OutputType: Sendable, Equatable {
  /// Always this type.
  case fixed(ValueType)
  /// The type of the variable of the block's variable field.
  case variable
  /// The type shared by these inputs, which must agree (`logic_ternary`).
  case sameAsInputs([String])
  /// The return type of the procedure called.
  case procedureResult
}

/// Inputs whose number depends on the block's mutation.
public enum Mutator: String, Sendable {
  /// `controls_if`: `IF1`/`DO1`… per else-if branch, `ELSE` when `hasElse`.
  case ifElse
  /// Procedure definitions: parameters; no `STACK` when `hasStatements` is
  /// false.
  case procedureDefinition
  /// Procedure calls: `ARG0`… one per parameter of the procedure called.
  case procedureCall
  /// `procedures_ifreturn`: `VALUE` only inside a procedure with a value.
  case ifReturn
}

/// Something of the board a block needs.
public enum BoardRequirement: Sendable, Equatable {
  /// A sensor of `BoardDefinition.sensors`.
  case sensor(String)
  /// An output of `BoardDefinition.outputs`, by name.
  case output(String)
}

/// A block that only makes sense inside another one.
public enum Enclosure: String, Sendable {
  /// Inside a loop of the same script or procedure (`not_in_loop`).
  case loop
  /// Inside a procedure definition (`not_in_procedure`).
  case procedure
}

/// A typing rule beyond each input's own accepted types.
public enum TypeRule: Sendable, Equatable {
  /// These inputs must have one type (`logic_compare` A and B).
  case sameType([String])
  /// These inputs accept Numbers only when the field has one of these
  /// values (`logic_compare`'s LT, LTE, GT, GTE).
  case numbersOnly(inputs: [String], whenField: String, is: [String])
}

/// Everything the checker and the editor need to know about one block type.
///
/// Inputs are listed in the order the block shows them; for blocks with a
/// `mutator`, the list holds the inputs of the block's simplest form
/// (`controls_if`: `IF0`, `DO0`; calls: none) and the mutator says how more
/// are made.
public struct BlockSpec: Sendable {
  /// The Blockly type name, e.g. `controls_if`.
  public var type: String
  public var category: BlockCategory
  /// The Blockly hue, 0–360.
  public var hue: Int
  /// The name used in messages: « si » / "if".
  public var name: Localized
  public var shape: BlockShape
  /// The type of the value; nil unless `shape` is `.value`.
  public var output: OutputType?
  public var fields: [FieldSpec]
  public var inputs: [InputSpec]
  public var mutator: Mutator?
  /// True for loops: their statement inputs may hold
  /// `controls_flow_statements`.
  public var isLoop: Bool
  /// False for a statement that never ends (`kocode_forever`): nothing may
  /// follow it in a stack.
  public var allowsNext: Bool
  public var requires: BoardRequirement?
  public var enclosure: Enclosure?
  public var typeRules: [TypeRule]
  /// The words of a Kocode block in the editor; nil for Blockly's own
  /// blocks, which the editor already knows.
  public var editor: BlockText?

  public init(
    type: String, category: BlockCategory, hue: Int, name: Localized, shape: BlockShape,
    output: OutputType? = nil, fields: [FieldSpec] = [], inputs: [InputSpec] = [],
    mutator: Mutator? = nil, isLoop: Bool = false, allowsNext: Bool = true,
    requires: BoardRequirement? = nil, enclosure: Enclosure? = nil, typeRules: [TypeRule] = [],
    editor: BlockText? = nil
  ) {
    self.type = type
    self.category = category
    self.hue = hue
    self.name = name
    self.shape = shape
    self.output = output
    self.fields = fields
    self.inputs = inputs
    self.mutator = mutator
    self.isLoop = isLoop
    self.allowsNext = allowsNext
    self.requires = requires
    self.enclosure = enclosure
    self.typeRules = typeRules
    self.editor = editor
  }

  /// True for blocks that start a script.
  public var isHat: Bool { shape == .hat }

  public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }

  public func input(_ name: String) -> InputSpec? { inputs.first { $0.name == name } }
}
