// MARK: - Literals, sensors and operands that cannot fail

extension ProgramBuilder {
  /// A `math_number` holding `value`, usually spelled as Blockly does;
  /// sometimes as `5.0`, `-0` or `3e2`, which are integers too.
  func literal(_ value: Int) -> GeneratedBlock {
    let block = make("math_number")
    var spelling = String(value)
    switch random.below(100) {
    case 0: spelling = value == 0 ? "-0" : "\(value).0"
    case 1, 2: spelling = "\(value).0"
    case 3 where value != 0 && value % 100 == 0: spelling = "\(value / 100)e2"
    case 4 where value != 0 && value % 10 == 0: spelling = "\(value / 10)E+1"
    default: break
    }
    numberField(block, "NUM", spelling)
    return block
  }

  /// A number field: a JSON number, now and then a numeric string.
  func numberField(_ block: GeneratedBlock, _ name: String, _ spelling: String) {
    block.fields.append((name, .number(spelling, quoted: random.percent(3))))
  }

  /// The `VAR` field: the variable by id mostly, now and then by id and
  /// name, or by its name alone in another case.
  func variableField(_ block: GeneratedBlock, _ variable: VariableName) {
    let reference: VariableReference
    switch random.below(100) {
    case 0..<85: reference = .id
    case 85..<92: reference = .full
    default: reference = .name(random.percent(50) ? variable.name.uppercased() : variable.name)
    }
    block.fields.append(("VAR", .variable(variable, reference)))
  }

  /// A number across every push encoding, edges included.
  func randomNumber() -> Int {
    switch random.below(100) {
    case 0..<45: random.int(in: 0...10)
    case 45..<60: random.int(in: -10...(-1))
    case 60..<72: random.int(in: -128...127)
    case 72..<82: random.int(in: -32768...32767)
    case 82..<88: random.int(in: Int(Int32.min)...Int(Int32.max))
    default: random.pick(Vocabulary.edgeNumbers)
    }
  }

  func logicBoolean(_ value: Bool) -> GeneratedBlock {
    let block = make("logic_boolean")
    block.field("BOOL", value ? "TRUE" : "FALSE")
    return block
  }

  func variableGet(_ variable: TypedVariable) -> GeneratedBlock {
    let block = make("variables_get")
    variableField(block, variable.name)
    return block
  }

  func time(_ unit: String) -> GeneratedBlock {
    let block = make("kocode_time")
    block.field("UNIT", unit)
    return block
  }

  /// A sensor that reads a number.
  func numberSensor() -> GeneratedBlock {
    switch random.below(6) {
    case 0: make("kocode_soil_moisture")
    case 1: make("kocode_light")
    case 2: make("kocode_temperature")
    case 3: time(random.pick(["MS", "S"]))
    default: analogRead()
    }
  }

  func analogRead() -> GeneratedBlock {
    let block = make("kocode_analog_read")
    block.field("PIN", random.pick(Vocabulary.analogPins))
    return block
  }

  /// A sensor that reads true or false.
  func booleanSensor() -> GeneratedBlock {
    switch random.below(4) {
    case 0: return make("kocode_tank_empty")
    case 1: return make("kocode_button")
    default:
      let block = make("kocode_digital_read")
      block.field("PIN", random.pick(Vocabulary.digitalPins))
      return block
    }
  }

  /// True now and then when the program may fail at run time: the
  /// operand of a division, root or map is then any expression.
  func risky() -> Bool {
    options.includesRuntimeErrors && random.percent(12)
  }

  /// A divisor that is never 0 (unless `risky`).
  func divisor(_ scope: Scope, depth: Int) -> GeneratedBlock {
    if risky() { return number(scope, depth: depth) }
    switch random.below(10) {
    case 0..<6:
      let choices = Array(1...9) + Array(-9...(-1)) + [Int(Int32.min), Int(Int32.max), -1]
      return literal(random.pick(choices))
    default:
      return constrain(number(scope, depth: depth + 1), 1, random.int(in: 1...9))
    }
  }

  /// A number that is never negative (unless `risky`), for a square root.
  func nonNegative(_ scope: Scope, depth: Int) -> GeneratedBlock {
    if risky() { return number(scope, depth: depth) }
    switch random.below(10) {
    case 0..<4: return literal(random.pick([0, 1, 2, 4, 9, 10, 99, 100, 1000, Int(Int32.max)]))
    case 4: return make("kocode_light")
    case 5: return make("kocode_soil_moisture")
    case 6: return analogRead()
    case 7: return time(random.pick(["MS", "S"]))
    default: return constrain(number(scope, depth: depth + 1), 0, random.int(in: 0...100))
    }
  }

  /// A power's exponent that is never negative (unless `risky`): a
  /// negative exponent of 0 divides by zero.
  func exponent(_ scope: Scope, depth: Int) -> GeneratedBlock {
    if risky() { return number(scope, depth: depth) }
    if random.percent(70) { return literal(random.int(in: 0...5)) }
    return constrain(number(scope, depth: depth + 1), 0, random.pick([3, 31, 32, 40]))
  }

  /// `math_constrain(value, low, high)` with constant bounds.
  func constrain(_ value: GeneratedBlock, _ low: Int, _ high: Int) -> GeneratedBlock {
    let block = make("math_constrain")
    attach(block, "VALUE", value)
    attach(block, "LOW", literal(low))
    attach(block, "HIGH", literal(high))
    return block
  }

  /// Connects `child` to a value socket of `parent`. A literal is now and
  /// then a shadow (as the toolbox puts them); any other block sometimes
  /// covers a shadow that the readers must drop.
  func attach(_ parent: GeneratedBlock, _ name: String, _ child: GeneratedBlock) {
    let isLiteral = child.type == "math_number" || child.type == "logic_boolean"
    if isLiteral && random.percent(20) {
      parent.shadowValue(name, child)
    } else if !isLiteral && random.percent(8) {
      let shadow = GeneratedBlock("math_number", id: newID())
      numberField(shadow, "NUM", String(random.int(in: 0...10)))
      parent.value(name, child, shadow: shadow)
    } else {
      parent.value(name, child)
    }
  }
}
