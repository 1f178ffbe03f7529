/// Cooperative round-robin scheduling (`docs/bytecode.md` section 6) and
/// the ways a run ends.
extension Machine {
  /// Runs tasks until the run ends: the next ready task after the one that
  /// ran, wrapping around; when none is ready, a jump to the earliest
  /// wake-up or board event, then the first ready task in script order.
  func schedule() -> EndReason {
    emit(.start(timeMS: 0, scripts: Int(image.scriptCount)))
    if let startupFailure { return fail(startupFailure) }

    // Starting "after the last task" makes the first pick the first script.
    var last = tasks.count - 1
    while true {
      if let next = readyTask(after: last) {
        switch runSlice(next) {
        case .yielded, .ended: last = next
        case .stoppedAll: return stopAll()
        case .failed: return fail(failure ?? Failure(code: .badInstruction, pc: 0, timeUS: 0))
        case .timeLimit: return reachLimit()
        }
        continue
      }
      guard let wake = earliestWake() else { return finish() }
      let target = min(wake, boardEventUS)
      guard target < limitUS else { return reachLimit() }
      timeUS = max(timeUS, target)
      handleBoardEvents(upTo: timeUS)
      last = tasks.count - 1
    }
  }

  /// The first task after `last` in script order, wrapping around, that has
  /// not ended and whose wake-up time has come.
  func readyTask(after last: Int) -> Int? {
    let count = tasks.count
    for step in 1...max(count, 1) where count > 0 {
      let index = (last + step) % count
      if !tasks[index].ended && tasks[index].wakeUS <= timeUS { return index }
    }
    return nil
  }

  /// The earliest wake-up of the tasks that have not ended, or nil when all have.
  func earliestWake() -> Int64? {
    tasks.lazy.filter { !$0.ended }.map(\.wakeUS).min()
  }

  /// Every task ended: the pump goes off, other outputs keep their state.
  func finish() -> EndReason {
    timeUS = lastEndUS
    if pumpIndex >= 0 { requestPump(false, at: lastEndUS) }
    emit(.end(timeMS: lastEndUS / 1000, reason: .finished))
    return .finished
  }

  /// The run reached its limit: `end` at exactly the limit, outputs untouched.
  func reachLimit() -> EndReason {
    timeUS = limitUS
    emit(.end(timeMS: limitUS / 1000, reason: .timeLimit))
    return .timeLimit
  }

  /// `STOP_ALL`: every task ends, the board goes to its safe state.
  func stopAll() -> EndReason {
    timeUS = stopUS
    for index in tasks.indices { tasks[index].ended = true }
    enterSafeState(at: stopUS)
    emit(.end(timeMS: stopUS / 1000, reason: .stopped))
    return .stopped
  }

  /// A runtime error: the `error` line with the failing block, the safe
  /// state's output lines, then `end`.
  func fail(_ failure: Failure) -> EndReason {
    timeUS = failure.timeUS
    for index in tasks.indices { tasks[index].ended = true }
    let block = image.host.block(at: failure.pc)
    emit(.error(timeMS: failure.timeUS / 1000, code: failure.code, block: block))
    enterSafeState(at: failure.timeUS)
    emit(.end(timeMS: failure.timeUS / 1000, reason: .error))
    return .error
  }
}
