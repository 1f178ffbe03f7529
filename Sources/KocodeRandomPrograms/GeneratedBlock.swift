/// A variable of the workspace's `variables` list, as fields refer to it.
struct VariableName: Hashable {
  var name: String
  var id: String
}

/// How a variable field names its variable; the checker must resolve
/// them all to the same variable.
enum VariableReference {
  /// JSON `{"id"}`; XML `<field id="…">name</field>`.
  case id
  /// JSON `{"id", "name", "type"}`; XML as `id`.
  case full
  /// The name alone, spelled in any case: JSON `{"name"}`; XML
  /// `<field>name</field>` without an id.
  case name(String)
}

/// The value of one field, as the writers spell it.
enum FieldText {
  /// Free text or an option (`ADD`, `MS`, a log label).
  case text(String)
  /// A number field, already spelled (`5`, `-2147483648`, `3.0`); JSON
  /// writes it as a string when `quoted`.
  case number(String, quoted: Bool)
  case variable(VariableName, VariableReference)
}

/// A value socket or a statement input of a generated block.
enum InputContent {
  /// A value socket: the real block, and a shadow under it or alone.
  case value(block: GeneratedBlock?, shadow: GeneratedBlock?)
  /// A statement input: the stack from top to bottom.
  case statement([GeneratedBlock])

  /// True when there is nothing in the input: writers leave it out.
  var isEmpty: Bool {
    switch self {
    case .value(let block, let shadow): block == nil && shadow == nil
    case .statement(let stack): stack.isEmpty
    }
  }
}

/// A block's mutation: `extraState` in JSON, `<mutation>` in XML.
enum BlockMutation {
  /// `controls_if`: else-if branches and whether there is an else.
  case branches(elseIfs: Int, hasElse: Bool)
  /// Procedure definitions.
  case definition(parameters: [VariableName], hasStatements: Bool)
  /// Procedure calls: the procedure's name and its parameter names.
  case call(name: String, parameters: [String])
  /// `procedures_ifreturn`: whether it has a `VALUE` (a legacy mutation
  /// only, so JSON keeps it as text).
  case ifReturn(hasValue: Bool)
}

/// One block of a generated workspace; written out as JSON and as XML.
final class GeneratedBlock {
  let type: String
  let id: String
  var fields: [(name: String, value: FieldText)] = []
  var inputs: [(name: String, content: InputContent)] = []
  var mutation: BlockMutation?
  /// JSON only: write the mutation as a legacy `<mutation>` string in
  /// `extraState`, as some exports do.
  var mutationAsText = false
  /// Where a top-level block sits on the workspace.
  var position: (x: Int, y: Int)?

  init(_ type: String, id: String) {
    self.type = type
    self.id = id
  }

  func field(_ name: String, _ value: String) {
    fields.append((name, .text(value)))
  }

  func value(_ name: String, _ block: GeneratedBlock, shadow: GeneratedBlock? = nil) {
    inputs.append((name, .value(block: block, shadow: shadow)))
  }

  func shadowValue(_ name: String, _ shadow: GeneratedBlock) {
    inputs.append((name, .value(block: nil, shadow: shadow)))
  }

  func statements(_ name: String, _ stack: [GeneratedBlock]) {
    inputs.append((name, .statement(stack)))
  }

  /// The blocks the compiler sees: this one and everything in its inputs,
  /// shadows included unless a real block covers them.
  var effectiveCount: Int {
    var count = 1
    for (_, content) in inputs {
      switch content {
      case .value(let block, let shadow):
        count += (block ?? shadow)?.effectiveCount ?? 0
      case .statement(let stack):
        count += stack.reduce(0) { $0 + $1.effectiveCount }
      }
    }
    return count
  }
}

/// A whole generated workspace.
struct GeneratedWorkspace {
  var variables: [VariableName] = []
  /// Top-level blocks (hats and definitions), in file order.
  var topBlocks: [GeneratedBlock] = []
  /// Both texts laid out over indented lines, as editors save them.
  var isIndented = false
  /// XML: the Blockly namespace on `<xml>` (older exports have none), and
  /// an `<?xml?>` declaration before it.
  var hasNamespace = true
  var hasDeclaration = false

  var blockCount: Int { topBlocks.reduce(0) { $0 + $1.effectiveCount } }
}
