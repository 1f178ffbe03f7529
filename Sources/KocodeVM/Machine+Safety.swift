import KocodeBytecode

/// Outputs and the pump's safety rules (`docs/bytecode.md` section 7,
/// `board.md`): the latch, the tank check and the 30-second limit.
extension Machine {
  /// The next board event: the pump's cut-off or its next tank check.
  var boardEventUS: Int64 { min(pumpCutUS, tankCheckUS) }

  /// When the dispatch loop must stop and look: a board event or the limit.
  var nextCheckUS: Int64 { min(boardEventUS, limitUS) }

  /// Refuses an output index the board does not have.
  func checkOutput(_ index: Int) throws(RuntimeError) {
    guard index < outputValues.count else { throw .badInstruction }
  }

  /// An instruction writes an output: the pump goes through the safety
  /// rules (any nonzero value asks for "on"), the others change directly.
  func setOutput(_ index: Int, to value: Int32, at time: Int64) throws(RuntimeError) {
    try checkOutput(index)
    if index == pumpIndex {
      requestPump(value != 0, at: time)
    } else {
      change(index, to: value, at: time)
    }
  }

  /// The program asks for the pump on or off. "Off" always clears the
  /// latch; "on" is ignored while latched, and refused (and latched) while
  /// the tank is empty.
  func requestPump(_ on: Bool, at time: Int64) {
    guard on else {
      pumpLatched = false
      switchPumpOff(at: time)
      return
    }
    guard !pumpLatched, outputValues[pumpIndex] == 0 else { return }
    if environment.reading(.tankEmpty, at: time) != 0 {
      pumpLatched = true
      emit(.safety(timeMS: time / 1000, rule: .tankEmpty, name: board.outputs[pumpIndex].name))
      return
    }
    change(pumpIndex, to: 1, at: time)
    pumpCutUS = time > Int64.max - pumpMaxOnUS ? Int64.max : time + pumpMaxOnUS
    // The request itself checked the tank: the next check is the next grid point.
    let grid = Int64(VMConstant.gridUs)
    tankCheckUS = (time / grid + 1) * grid
  }

  /// Handles every board event due at or before `now`, in time order; at
  /// one instant the 30-second cut comes before the tank check.
  func handleBoardEvents(upTo now: Int64) {
    while boardEventUS <= now {
      if pumpCutUS <= tankCheckUS {
        cutPump(.pumpMaxOn, at: pumpCutUS)
      } else if environment.reading(.tankEmpty, at: tankCheckUS) != 0 {
        cutPump(.tankEmpty, at: tankCheckUS)
      } else {
        tankCheckUS += Int64(VMConstant.gridUs)
      }
    }
  }

  /// A safety rule switches the running pump off and latches it.
  func cutPump(_ rule: SafetyRule, at time: Int64) {
    pumpLatched = true
    emit(.safety(timeMS: time / 1000, rule: rule, name: board.outputs[pumpIndex].name))
    switchPumpOff(at: time)
  }

  func switchPumpOff(at time: Int64) {
    pumpCutUS = Int64.max
    tankCheckUS = Int64.max
    change(pumpIndex, to: 0, at: time)
  }

  /// Every output off, the pump first, then the others in board order.
  func enterSafeState(at time: Int64) {
    if pumpIndex >= 0 {
      pumpLatched = false
      switchPumpOff(at: time)
    }
    for index in outputValues.indices where index != pumpIndex {
      change(index, to: 0, at: time)
    }
  }

  /// Writes an output; only a change makes a trace line.
  func change(_ index: Int, to value: Int32, at time: Int64) {
    guard outputValues[index] != value else { return }
    outputValues[index] = value
    emit(.output(timeMS: time / 1000, name: board.outputs[index].name, value: value))
    environment.outputChanged(index: index, value: value, at: time)
  }
}
