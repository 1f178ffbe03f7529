import KocodeBlocks
import KocodeBytecode

extension FunctionGenerator {
  /// A value input; an empty or disabled socket (only after errors) gives 0.
  mutating func valueOrZero(_ block: Block?) {
    guard let block, block.isEnabled else {
      code.emit(.push0, [], block: "")
      return
    }
    value(block)
  }

  /// Pushes the value of a value block.
  mutating func value(_ block: Block) {
    let field = { (name: String) in block.fields[name]?.text ?? "" }
    switch block.type {
    case "math_number":
      pushConstant(Int(program.numbers[ObjectIdentifier(block)] ?? 0), block: block)
    case "logic_boolean": emit(field("BOOL") == "TRUE" ? .push1 : .push0, block: block)
    case "variables_get":
      loadVariable(program.variables[ObjectIdentifier(block)] ?? .global(0), block: block)
    case "math_arithmetic":
      let opcodes: [String: Opcode] = [
        "ADD": .add, "MINUS": .sub, "MULTIPLY": .mul, "DIVIDE": .div, "POWER": .pow,
      ]
      operation(opcodes[field("OP")] ?? .add, inputs: ["A", "B"], block: block)
    case "math_modulo": operation(.mod, inputs: ["DIVIDEND", "DIVISOR"], block: block)
    case "math_single":
      let opcodes: [String: Opcode] = ["ABS": .abs, "NEG": .neg, "ROOT": .sqrt]
      operation(opcodes[field("OP")] ?? .abs, inputs: ["NUM"], block: block)
    case "math_round": valueOrZero(block.value("NUM"))
    case "math_random_int": operation(.random, inputs: ["FROM", "TO"], block: block)
    case "math_constrain":
      operation(.constrain, inputs: ["VALUE", "LOW", "HIGH"], block: block)
    case "kocode_map":
      let inputs = ["VALUE", "FROM_LOW", "FROM_HIGH", "TO_LOW", "TO_HIGH"]
      operation(.map, inputs: inputs, block: block)
    case "logic_compare":
      let opcodes: [String: Opcode] = [
        "EQ": .eq, "NEQ": .ne, "LT": .lt, "LTE": .le, "GT": .gt, "GTE": .ge,
      ]
      operation(opcodes[field("OP")] ?? .eq, inputs: ["A", "B"], block: block)
    case "logic_negate": operation(.not, inputs: ["BOOL"], block: block)
    case "logic_operation": shortCircuit(block)
    case "logic_ternary": ternary(block)
    case "procedures_callreturn": call(block, asValue: true)
    default: sensor(block)
    }
  }

  mutating func sensor(_ block: Block) {
    let field = block.fields["PIN"]?.text ?? ""
    switch block.type {
    case "kocode_soil_moisture": emit(.soil, block: block)
    case "kocode_light": emit(.light, block: block)
    case "kocode_temperature": emit(.temperature, block: block)
    case "kocode_tank_empty": emit(.tankEmpty, block: block)
    case "kocode_button": emit(.button, block: block)
    case "kocode_time":
      emit(block.fields["UNIT"]?.text == "MS" ? .timeMs : .timeS, block: block)
    case "kocode_analog_read": emit(.analogRead, Int(field.dropFirst()) ?? 0, block: block)
    case "kocode_digital_read": emit(.digitalRead, Int(field.dropFirst()) ?? 0, block: block)
    default:
      // Text and unknown blocks never reach here once checked; keep the height sound.
      emit(.push0, block: block)
    }
  }

  mutating func operation(_ opcode: Opcode, inputs: [String], block: Block) {
    for input in inputs { valueOrZero(block.value(input)) }
    emit(opcode, block: block)
  }

  /// `and` keeps a false left side and skips the right one; `or` a true one.
  mutating func shortCircuit(_ block: Block) {
    let end = code.makeLabel()
    valueOrZero(block.value("A"))
    jump(block.fields["OP"]?.text == "OR" ? .or : .and, to: end, block: block)
    valueOrZero(block.value("B"))
    code.bind(end)
  }

  mutating func ternary(_ block: Block) {
    let (otherwise, end) = (code.makeLabel(), code.makeLabel())
    condition(block.value("IF"), falseTo: otherwise, block: block)
    valueOrZero(block.value("THEN"))
    jump(.jump, to: end, block: block)
    code.bind(otherwise)
    valueOrZero(block.value("ELSE"))
    code.bind(end)
  }

  /// A procedure call; a call to a disabled procedure is skipped (a value
  /// call then reads 0, or false).
  mutating func call(_ block: Block, asValue: Bool) {
    guard let index = program.callTargets[ObjectIdentifier(block)],
      index < state.procedureOffsets.count
    else {
      if asValue { emit(.push0, block: block) }
      return
    }
    let procedure = program.procedures[index]
    for argument in 0..<procedure.parameters.count {
      valueOrZero(block.value("ARG\(argument)"))
    }
    code.emit(
      .call, [.function(offset: state.procedureOffsets[index])], block: block.id,
      callee: (procedure.parameters.count, procedure.returnType != nil, state.needs[index]))
    // A statement call of a procedure with a value drops the value.
    if !asValue, procedure.returnType != nil { emit(.pop, block: block) }
  }

  /// The smallest push for a constant.
  mutating func pushConstant(_ value: Int, block: Block) {
    switch value {
    case 0: emit(.push0, block: block)
    case 1: emit(.push1, block: block)
    case -128...127: emit(.pushI8, value, block: block)
    case -32768...32767: emit(.pushI16, value, block: block)
    default: emit(.pushI32, value, block: block)
    }
  }
}
