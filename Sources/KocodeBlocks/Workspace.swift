/// A Blockly workspace as Kocode reads it, the same whether it came from
/// JSON or from legacy XML.
///
/// Stacks are arrays, not `next` chains: a stack of thousands of blocks is a
/// flat array, so nothing walks it by recursion.
public struct Workspace: Sendable {
  /// Variables declared by the workspace, in file order.
  public var variables: [Variable]
  /// Top-level stacks in file order; each is its blocks from top to bottom.
  public var stacks: [[Block]]

  public init(variables: [Variable] = [], stacks: [[Block]] = []) {
    self.variables = variables
    self.stacks = stacks
  }
}

/// A variable declared in the workspace's `variables` list.
public struct Variable: Sendable, Equatable {
  public var id: String
  public var name: String
  public var type: String

  public init(id: String, name: String, type: String = "") {
    self.id = id
    self.name = name
    self.type = type
  }
}

/// The value of a block's field.
public enum FieldValue: Sendable, Equatable {
  /// A text or number field as written: `"ADD"`, `"5"`, `"1e3"`; a JSON
  /// number keeps its source spelling.
  case text(String)
  /// A variable field: `{"id"}`, `{"id","name","type"}`, `{"name"}` or XML
  /// `<field name="VAR" id="…">name</field>`.
  case variable(id: String?, name: String?)

  /// The text of a text field, nil for a variable field.
  public var text: String? {
    if case .text(let value) = self { return value }
    return nil
  }
}

/// A procedure parameter named in a block's mutation.
public struct Parameter: Sendable, Equatable {
  public var name: String
  public var id: String?

  public init(name: String, id: String? = nil) {
    self.name = name
    self.id = id
  }
}

/// A block's `extraState` (JSON) or `<mutation>` (XML), reduced to what the
/// blocks of `language.md` use. Absent keys keep Blockly's defaults.
public struct Mutation: Sendable, Equatable {
  /// `controls_if`: the number of else-if branches.
  public var elseIfCount = 0
  /// `controls_if`: whether there is an else branch.
  public var hasElse = false
  /// Procedure calls: the procedure called.
  public var name: String?
  /// Procedure definitions and calls: the parameters, in order.
  public var parameters: [Parameter] = []
  /// Procedure definitions: false when the definition has no `STACK`.
  public var hasStatements = true

  public init() {}
}

/// One block. A class so that the checker and the code generator can
/// attach facts to a block by identity: two blocks may share an id.
public final class Block: @unchecked Sendable {
  public let id: String
  public let type: String
  public var fields: [String: FieldValue]
  /// Every input, value or statement, by name: the stack it holds, top to
  /// bottom (a value input holds one block). A real block wins over a shadow.
  public var inputs: [String: [Block]]
  public var mutation: Mutation
  /// False for `"enabled": false`, a non-empty `disabledReasons`,
  /// `disabled="true"` or a non-empty `disabled-reasons`.
  public var isEnabled: Bool
  /// True when the block came from a shadow (no real block in its input).
  public var isShadow: Bool
  /// Where the block starts in the source file, when known.
  public var line: Int?
  public var column: Int?

  public init(
    id: String, type: String, fields: [String: FieldValue] = [:],
    inputs: [String: [Block]] = [:], mutation: Mutation = Mutation(),
    isEnabled: Bool = true, isShadow: Bool = false, line: Int? = nil, column: Int? = nil
  ) {
    self.id = id
    self.type = type
    self.fields = fields
    self.inputs = inputs
    self.mutation = mutation
    self.isEnabled = isEnabled
    self.isShadow = isShadow
    self.line = line
    self.column = column
  }

  /// The single block of a value input, if connected.
  public func value(_ name: String) -> Block? { inputs[name]?.first }

  /// The blocks of a statement input, top to bottom (empty when none).
  public func statements(_ name: String) -> [Block] { inputs[name] ?? [] }
}

/// Why a file could not be read as a workspace; `line` and `column` say
/// where the reader stopped (1-based).
public struct MalformedProgram: Error, Sendable, Equatable {
  public var reason: Reason
  public var line: Int
  public var column: Int

  public enum Reason: Sendable, Equatable {
    /// The file is empty (or only white space).
    case empty
    /// JSON syntax: what the parser expected, in English words
    /// (`"a ',' or '}'"`), and what it found.
    case json(expected: String, found: String)
    /// XML syntax, as the XML parser reports it.
    case xml(String)
    /// The file parses but is not a workspace: `what` is the path of the
    /// offending value (`"blocks.blocks[2].inputs.DO"`) and `expected` its
    /// expected shape (`"an object"`).
    case shape(what: String, expected: String)
    /// Nesting deeper than the reader accepts (see `WorkspaceReader.maxDepth`).
    case tooDeep(limit: Int)
    /// Not UTF-8 text.
    case encoding
  }

  public init(_ reason: Reason, line: Int, column: Int) {
    self.reason = reason
    self.line = line
    self.column = column
  }
}
