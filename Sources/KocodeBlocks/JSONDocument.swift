/// A parsed JSON text, kept flat: every value is a node in one array and
/// containers refer to their members by index.
///
/// A flat store has no nesting of its own, so neither building it nor
/// freeing it recurses, however deep the text nests.
struct JSONDocument {
  /// The kind of a JSON value.
  enum Kind {
    case null, bool, number, string, array, object
  }

  /// One JSON value and where it starts in the file.
  struct Node {
    var kind: Kind
    var line: Int
    var column: Int
    /// Strings: the decoded text; numbers: the source spelling (`1e3`);
    /// booleans: `true` or `false`.
    var text = ""
    /// Arrays: the elements; objects: the member values, in file order.
    var children: [Int] = []
    /// Objects: the member keys, parallel to `children`.
    var keys: [String] = []
  }

  var nodes: [Node]
  /// The top-level value; the parser always creates it first.
  var root: Int { 0 }

  subscript(index: Int) -> Node { nodes[index] }

  /// The value of `key` in the object `node`; the last one wins when the
  /// key is repeated, as in JavaScript.
  func member(_ key: String, of node: Int) -> Int? {
    let object = nodes[node]
    guard object.kind == .object, let slot = object.keys.lastIndex(of: key) else {
      return nil
    }
    return object.children[slot]
  }

  /// The keys of an object with their values, in file order.
  func members(of node: Int) -> Zip2Sequence<[String], [Int]> {
    zip(nodes[node].keys, nodes[node].children)
  }
}
