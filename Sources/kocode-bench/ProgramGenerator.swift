/// Blockly JSON programs of a given size, for measuring the compiler.
enum ProgramGenerator {
  /// One script that adds to a counter and checks the soil, `blocks` blocks
  /// in all, in one stack: each step is 8 blocks.
  static func watering(blocks: Int) -> String {
    let steps = max(1, (blocks - 1) / 8)
    var stack: [String] = []
    stack.reserveCapacity(steps)
    for index in 0..<steps {
      stack.append(step(index))
    }
    // Chain the steps through `next` by nesting each into the previous one.
    var chained = ""
    for text in stack.reversed() {
      chained = chained.isEmpty ? text + "}" : text + ",\"next\":{\"block\":" + chained + "}}"
    }
    return "{\"blocks\":{\"languageVersion\":0,\"blocks\":[{\"type\":\"kocode_on_start\","
      + "\"id\":\"hat\",\"inputs\":{\"DO\":{\"block\":\(chained)}}}]},"
      + "\"variables\":[{\"id\":\"v\",\"name\":\"compteur\"}]}"
  }

  /// `if soil < 30 { compteur ← compteur + 1 }`: 8 blocks, the closing brace
  /// left open so the next step can chain.
  private static func step(_ index: Int) -> String {
    let id = "b\(index)_"
    return "{\"type\":\"controls_if\",\"id\":\"\(id)if\",\"inputs\":{"
      + "\"IF0\":{\"block\":{\"type\":\"logic_compare\",\"id\":\"\(id)cmp\","
      + "\"fields\":{\"OP\":\"LT\"},\"inputs\":{"
      + "\"A\":{\"block\":{\"type\":\"kocode_soil_moisture\",\"id\":\"\(id)soil\"}},"
      + "\"B\":{\"shadow\":{\"type\":\"math_number\",\"id\":\"\(id)n\","
      + "\"fields\":{\"NUM\":30}}}}}},"
      + "\"DO0\":{\"block\":{\"type\":\"variables_set\",\"id\":\"\(id)set\","
      + "\"fields\":{\"VAR\":{\"id\":\"v\"}},\"inputs\":{\"VALUE\":{\"block\":{"
      + "\"type\":\"math_arithmetic\",\"id\":\"\(id)add\",\"fields\":{\"OP\":\"ADD\"},"
      + "\"inputs\":{\"A\":{\"block\":{\"type\":\"variables_get\",\"id\":\"\(id)get\","
      + "\"fields\":{\"VAR\":{\"id\":\"v\"}}}},"
      + "\"B\":{\"shadow\":{\"type\":\"math_number\",\"id\":\"\(id)one\",\"fields\":{\"NUM\":1}}}"
      + "}}}}}}}"
  }
}
