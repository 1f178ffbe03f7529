/* The layout of struct kc_vm, for code that allocates it statically (the
 * firmware). Everything else goes through kc_vm.h: Swift sees the machine
 * as an opaque pointer, so the stack array never becomes a Swift tuple. */
#ifndef KC_VM_STATE_H
#define KC_VM_STATE_H

#include "kc_vm.h"

/* One script running as a cooperative task (docs/bytecode.md sections 3
 * and 6). Offsets in its stack count from `base`: a task's stack is its
 * script's need, at most 255 slots, so they fit a byte. */
struct kc_task {
  /* The task runs again once board time reaches this. */
  int64_t wake_us;
  /* The scheduled start of the current `every` run; the next run is due
   * every_period_s seconds later. After EVERY_NEXT the period is 0 and
   * the due time equals the start, which decides every later comparison
   * exactly as the reference VM's separate due time does. */
  int64_t every_start_us;
  uint32_t every_period_s;
  /* Code offset of the script's first instruction (after its header). */
  uint16_t entry;
  /* The next instruction. */
  uint16_t pc;
  /* The task's first slot in the shared stack. */
  uint16_t base;
  /* The script's declared need: the task's stack size. */
  uint8_t need;
  /* One past the top of the operand stack. */
  uint8_t sp;
  /* The running function's frame: its first parameter. */
  uint8_t fp;
  /* params + locals of the running function: the return link is at
   * fp + frame, the operands start above it. */
  uint8_t frame;
  /* KC_TASK_* bits. */
  uint8_t flags;
};

#define KC_TASK_ENDED 0x01
/* The last WHEN_FIRE sample was true; survives STOP_SCRIPT. */
#define KC_TASK_SAMPLE 0x02
/* The body starts with WHEN_WAIT: STOP_SCRIPT rearms the script. */
#define KC_TASK_WHEN 0x04

struct kc_vm {
  const struct kc_board *board;
  const struct kc_platform *platform;
  /* Board time in microseconds. */
  int64_t now_us;
  /* The current run_until limit. */
  int64_t limit_us;
  /* When the last task to end ran its END, or when STOP_ALL or the
   * failing instruction ran. */
  int64_t mark_us;
  /* The running pump's cut-off and its next tank check (INT64_MAX when
   * off). */
  int64_t pump_cut_us;
  int64_t tank_check_us;
  unsigned long instructions;
  uint32_t random;
  uint16_t code_size;
  /* The runtime error (KC_ERR_*, 0 for none) and where. */
  uint16_t failure_pc;
  uint8_t failure_code;
  /* KC_STATE_* while the run goes on, else KC_STATE_ENDED + the reason. */
  uint8_t state;
  /* The header's script count, for the start event. */
  uint8_t script_count;
  uint8_t task_count;
  uint8_t global_count;
  uint8_t text_count;
  /* The task that ran last, and the task whose slice the limit cut
   * (KC_NO_TASK when none): it resumes first. */
  uint8_t last;
  uint8_t current;
  /* The pump refuses "on" until the program switches it off. */
  uint8_t pump_latched;
  /* The code, copied into the stack slots past every task's, and 0 for
   * KC_CODE_PADDING bytes after it; NULL when it does not fit (or
   * KC_CODE_COPY is 0): then read_code reads it. */
  const uint8_t *code_copy;
  uint8_t outputs[KC_MAX_OUTPUTS];
  struct kc_task tasks[KC_MAX_SCRIPTS];
  int32_t globals[KC_MAX_GLOBALS];
  int32_t stack[KC_STACK_SLOTS];
};

#define KC_NO_TASK       0xFF
#define KC_STATE_READY   0
#define KC_STATE_RUNNING 1
#define KC_STATE_ENDED   0x10

#endif
