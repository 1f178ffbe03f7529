import KocodeBytecode

/// One script running as a cooperative task: its registers, its slice of
/// the shared stack and its scheduling state (`docs/bytecode.md` sections 3
/// and 6).
struct Task {
  /// Code offset of the script's first instruction (after its header).
  let entry: Int
  /// The script's extra local slots, zeroed on entry.
  let locals: Int
  /// First slot of the task's stack in the machine's shared stack.
  let base: Int
  /// One past the task's last slot: `base + need`.
  let limit: Int
  /// The script's body starts with `WHEN_WAIT`: `STOP_SCRIPT` rearms it.
  let isWhen: Bool

  /// The next instruction to run.
  var pc: Int
  /// One past the top of the operand stack.
  var sp: Int
  /// The running function's frame base: its first parameter.
  var fp: Int
  /// `params + locals` of the running function: the return link sits at
  /// `fp + frameSize`, its operands start just above.
  var frameSize: Int

  /// The task runs again once board time reaches this.
  var wakeUS: Int64 = 0
  var ended = false
  /// The last `WHEN_FIRE` sample: false before the first one; survives
  /// `STOP_SCRIPT`.
  var previousSample = false
  /// The scheduled start of the current `every` run, and when the next is due.
  var everyStartUS: Int64 = 0
  var everyDueUS: Int64 = 0

  init(entry: Int, locals: Int, base: Int, limit: Int, isWhen: Bool) {
    self.entry = entry
    self.locals = locals
    self.base = base
    self.limit = limit
    self.isWhen = isWhen
    pc = entry
    sp = base
    fp = base
    frameSize = locals
  }
}

/// How a task's turn on the machine ended.
enum SliceEnd {
  /// It gave way or went to sleep: `wakeUS` says until when.
  case yielded
  /// It ended (`END`, `STOP_SCRIPT` outside a `when` script).
  case ended
  /// `STOP_ALL`.
  case stoppedAll
  /// A runtime error: `Machine.failure` says which and where.
  case failed
  /// Board time reached the run's limit before the next instruction.
  case timeLimit
}

/// A runtime error and where it happened.
struct Failure {
  var code: RuntimeErrorCode
  /// Code offset of the failing instruction.
  var pc: Int
  var timeUS: Int64
}
