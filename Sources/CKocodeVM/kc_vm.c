/* The machine around the dispatch loop: laying the scripts out, the
 * scheduler of docs/bytecode.md section 6, and the ways a run ends. */
#include <string.h>

#include "kc_internal.h"

uint8_t kc_read_code_from_memory(const void *code, uint16_t offset) {
  return ((const uint8_t *)code)[offset];
}

uint8_t kc_code(const struct kc_vm *vm, uint16_t offset) {
  if (offset >= vm->code_size) {
    return 0;
  }
  return vm->code_copy != NULL ? vm->code_copy[offset] : KC_READ_CODE(vm->platform, offset);
}

size_t kc_vm_size(void) {
  return sizeof(struct kc_vm);
}

uint8_t kc_vm_verify(struct kc_vm *vm, const struct kc_board *board,
                     const struct kc_platform *platform, const uint8_t *header, uint32_t size,
                     uint16_t *offset) {
  size_t room = sizeof vm->stack;

  return kc_verify(board, platform, header, size, (uint8_t *)vm->stack,
                   (uint16_t)(room > 0xFFFFu ? 0xFFFFu : room), offset);
}

/* ---- Layout ---- */

/* Walks the code one instruction at a time from *offset to the next
 * FUNCTION header. Returns 1 with *offset on the header, 0 at the end of
 * the code, or -1 with *offset on an unknown opcode or an instruction that
 * runs past the end. */
static int kc_next_header(const struct kc_vm *vm, uint16_t *offset) {
  uint16_t at = *offset;

  while (at < vm->code_size) {
    uint8_t opcode = kc_code(vm, at);
    uint8_t length = kc_opcode_length(opcode);

    if (length == 0 || length > vm->code_size - at) {
      *offset = at;
      return -1;
    }
    if (opcode == KC_OP_FUNCTION) {
      *offset = at;
      return 1;
    }
    at = (uint16_t)(at + length);
  }
  *offset = at;
  return 0;
}

static void kc_refuse_start(struct kc_vm *vm, uint8_t code, uint16_t pc) {
  vm->failure_code = code;
  vm->failure_pc = pc;
  vm->task_count = 0;
}

/* Copies the code behind the last task's slots when it fits there, with
 * its padding: the dispatch loop then reads RAM. The tasks never write
 * past their need, so the copy stays as it is for the whole run. */
static void kc_copy_code(struct kc_vm *vm, unsigned long slots) {
  unsigned long free_bytes = (KC_STACK_SLOTS - slots) * sizeof vm->stack[0];
  uint16_t length = (uint16_t)(vm->code_size + KC_CODE_PADDING);
  uint8_t *copy;
  uint16_t offset;

  if (!KC_CODE_COPY || free_bytes < length || vm->code_size > KC_FAST_CODE_SIZE) {
    return;
  }
  copy = (uint8_t *)vm->stack + (sizeof vm->stack - length);
  /* kc_code reads the code store while there is no copy, 0 past it. */
  for (offset = 0; offset < length; offset++) {
    copy[offset] = kc_code(vm, offset);
  }
  vm->code_copy = copy;
}

/* Finds the scripts in one walk over the code and gives every task its
 * slice of the stack. An image the reference VM cannot lay out fails as it
 * does (section 9), in its order: an instruction it cannot walk, then a
 * script count that differs from the header's, then the first entry frame
 * larger than its need. Last, what this build's fixed arrays hold. */
static void kc_lay_out(struct kc_vm *vm) {
  unsigned long scripts = 0;
  unsigned long slots = 0;
  uint16_t offset = 0;
  uint16_t too_deep = 0;
  int found;

  while ((found = kc_next_header(vm, &offset)) == 1) {
    uint16_t entry = (uint16_t)(offset + KC_FUNC_SIZE);
    uint8_t need = kc_code(vm, (uint16_t)(offset + 3));

    if (kc_code(vm, (uint16_t)(offset + 4)) == 2) {
      if (too_deep == 0 && (unsigned)kc_code(vm, (uint16_t)(offset + 2)) + 1 > need) {
        too_deep = entry;
      }
      if (scripts < KC_MAX_SCRIPTS) {
        struct kc_task *task = &vm->tasks[scripts];

        memset(task, 0, sizeof *task);
        task->entry = entry;
        task->base = (uint16_t)slots;
        task->need = need;
        if (kc_code(vm, entry) == KC_OP_WHEN_WAIT) {
          task->flags = KC_TASK_WHEN;
        }
      }
      scripts++;
      slots += need;
    }
    offset = entry;
  }
  if (found < 0) {
    kc_refuse_start(vm, KC_ERR_BAD_INSTRUCTION, offset);
  } else if (scripts != vm->script_count) {
    kc_refuse_start(vm, KC_ERR_BAD_INSTRUCTION, 0);
  } else if (too_deep != 0) {
    kc_refuse_start(vm, KC_ERR_STACK_OVERFLOW, too_deep);
  } else if (scripts > KC_MAX_SCRIPTS || slots > KC_STACK_SLOTS ||
             vm->global_count > KC_MAX_GLOBALS) {
    kc_refuse_start(vm, KC_ERR_BAD_INSTRUCTION, 0);
  } else {
    kc_copy_code(vm, slots);
    vm->task_count = (uint8_t)scripts;
    vm->last = (uint8_t)(scripts > 0 ? scripts - 1 : 0);
    for (offset = 0; offset < scripts; offset++) {
      kc_enter_script(vm, &vm->tasks[offset]);
    }
  }
}

void kc_enter_script(struct kc_vm *vm, struct kc_task *task) {
  uint8_t locals = kc_code(vm, (uint16_t)(task->entry - 3));

  /* Zeroed locals and a return link of 0: the link that ends the script. */
  memset(vm->stack + task->base, 0, ((size_t)locals + 1) * sizeof vm->stack[0]);
  task->pc = task->entry;
  task->fp = 0;
  task->frame = locals;
  task->sp = (uint8_t)(locals + 1);
}

uint8_t kc_vm_init(struct kc_vm *vm, const struct kc_board *board,
                   const struct kc_platform *platform, const uint8_t *header, uint32_t seed) {
  uint16_t code_size = (uint16_t)(header[4] | (unsigned)header[5] << 8);

  memset(vm, 0, offsetof(struct kc_vm, tasks));
  vm->board = board;
  vm->platform = platform;
  vm->random = seed == 0 ? 1 : seed;
  vm->pump_cut_us = KC_TIME_MAX;
  vm->tank_check_us = KC_TIME_MAX;
  vm->current = KC_NO_TASK;
  vm->state = KC_STATE_READY;
  vm->script_count = header[6];
  vm->global_count = header[7];
  vm->text_count = header[9];
  if (board->output_count > KC_MAX_OUTPUTS) {
    vm->state = KC_STATE_ENDED + KC_END_ERROR;
    return KC_INIT_BOARD_TOO_LARGE;
  }
  if (code_size > KC_MAX_CODE_SIZE) {
    kc_refuse_start(vm, KC_ERR_BAD_INSTRUCTION, 0);
    return KC_INIT_OK;
  }
  vm->code_size = code_size;
  kc_lay_out(vm);
  if (vm->failure_code == 0) {
    memset(vm->globals, 0, (size_t)vm->global_count * sizeof vm->globals[0]);
  }
  return KC_INIT_OK;
}

/* ---- Scheduling ---- */

uint8_t kc_ready_after(const struct kc_vm *vm, uint8_t last) {
  unsigned count = vm->task_count;
  unsigned index = last;
  unsigned step;

  for (step = 1; step <= count; step++) {
    const struct kc_task *task;

    /* Wraps around without a division: last is below count. */
    index = index + 1 >= count ? 0 : index + 1;
    task = &vm->tasks[index];

    if ((task->flags & KC_TASK_ENDED) == 0 && !kc_before(&vm->now_us, &task->wake_us)) {
      return (uint8_t)index;
    }
  }
  return KC_NO_TASK;
}

/* The earliest wake-up of the tasks that have not ended; NULL when every
 * task has ended. */
static const int64_t *kc_earliest_wake(const struct kc_vm *vm) {
  const int64_t *earliest = NULL;
  uint8_t index;

  for (index = 0; index < vm->task_count; index++) {
    const struct kc_task *task = &vm->tasks[index];

    if ((task->flags & KC_TASK_ENDED) == 0) {
      earliest = earliest == NULL ? &task->wake_us : kc_earlier(earliest, &task->wake_us);
    }
  }
  return earliest;
}

/* A limit or a clock reading within 0 .. KC_LONGEST_RUN_US. */
KC_NOINLINE static int64_t kc_clamp_time(int64_t time) {
  return time < 0 ? 0 : (time > KC_LONGEST_RUN_US ? KC_LONGEST_RUN_US : time);
}

static uint8_t kc_end(struct kc_vm *vm, uint8_t reason, const int64_t *time) {
  vm->now_us = *time;
  vm->current = KC_NO_TASK;
  vm->state = (uint8_t)(KC_STATE_ENDED + reason);
  kc_emit(vm, KC_EVENT_END, 0, reason, 0, time);
  return reason;
}

static void kc_end_every_task(struct kc_vm *vm) {
  uint8_t index;

  for (index = 0; index < vm->task_count; index++) {
    vm->tasks[index].flags |= KC_TASK_ENDED;
  }
}

/* Every output off at the mark, the pump first, then the others in board
 * order. */
static void kc_enter_safe_state(struct kc_vm *vm) {
  const int64_t *time = &vm->mark_us;
  uint8_t index;

  if (vm->board->pump != KC_NO_PUMP) {
    kc_set_output(vm, vm->board->pump, 0, time);
  }
  for (index = 0; index < vm->board->output_count; index++) {
    if (index != vm->board->pump) {
      kc_set_output(vm, index, 0, time);
    }
  }
}

/* Every task ended: the pump goes off, other outputs keep their state. */
static uint8_t kc_finish(struct kc_vm *vm) {
  if (vm->board->pump != KC_NO_PUMP) {
    kc_set_output(vm, vm->board->pump, 0, &vm->mark_us);
  }
  return kc_end(vm, KC_END_FINISHED, &vm->mark_us);
}

static uint8_t kc_stop_all(struct kc_vm *vm) {
  kc_end_every_task(vm);
  kc_enter_safe_state(vm);
  return kc_end(vm, KC_END_STOPPED, &vm->mark_us);
}

/* A runtime error: the `error` event, the safe state, then `end`. */
static uint8_t kc_fail(struct kc_vm *vm) {
  kc_end_every_task(vm);
  kc_emit(vm, KC_EVENT_ERROR, 0, vm->failure_code, 0, &vm->mark_us);
  kc_enter_safe_state(vm);
  return kc_end(vm, KC_END_ERROR, &vm->mark_us);
}

uint8_t kc_vm_run_until(struct kc_vm *vm, int64_t until_us) {
  if (vm->state >= KC_STATE_ENDED) {
    return (uint8_t)(vm->state - KC_STATE_ENDED);
  }
  vm->limit_us = kc_clamp_time(until_us);
  if (vm->state == KC_STATE_READY) {
    vm->state = KC_STATE_RUNNING;
    /* Board time is still 0. */
    kc_emit(vm, KC_EVENT_START, 0, 0, vm->script_count, &vm->now_us);
    if (vm->failure_code != 0) {
      return kc_fail(vm);
    }
  }

  for (;;) {
    const int64_t *target;
    /* A slice the limit cut goes on first: that task never gave way. */
    uint8_t next = vm->current != KC_NO_TASK ? vm->current : kc_ready_after(vm, vm->last);

    if (next != KC_NO_TASK) {
      uint8_t outcome = kc_run_slice(vm, next);

      vm->current = KC_NO_TASK;
      switch (outcome) {
      case KC_SLICE_YIELDED:
      case KC_SLICE_ENDED:
        vm->last = next;
        continue;
      case KC_SLICE_STOPPED_ALL:
        return kc_stop_all(vm);
      case KC_SLICE_FAILED:
        return kc_fail(vm);
      default:
        vm->current = next;
        return KC_END_NONE;
      }
    }

    /* Nobody is ready: jump to the earliest wake-up or board event. */
    target = kc_earliest_wake(vm);
    if (target == NULL) {
      return kc_finish(vm);
    }
    target = kc_earlier(target, kc_board_event(vm));
    if (!kc_before(target, &vm->limit_us)) {
      return KC_END_NONE;
    }
    if (kc_before(&vm->now_us, target)) {
      vm->now_us = *target;
    }
    kc_handle_board_events(vm, &vm->now_us);
    /* Tasks that become runnable at one instant run in script order. */
    vm->last = (uint8_t)(vm->task_count - 1);
  }
}

uint8_t kc_vm_run(struct kc_vm *vm, int64_t limit_us) {
  uint8_t reason = kc_vm_run_until(vm, limit_us);

  if (reason != KC_END_NONE) {
    return reason;
  }
  /* The limit: `end` at exactly the limit, outputs untouched. */
  return kc_end(vm, KC_END_TIME_LIMIT, &vm->limit_us);
}

void kc_vm_catch_up(struct kc_vm *vm, int64_t now_us) {
  now_us = kc_clamp_time(now_us);
  if (vm->state != KC_STATE_RUNNING || !kc_before(&vm->now_us, &now_us)) {
    return;
  }
  kc_handle_board_events(vm, &now_us);
  vm->now_us = now_us;
}

int64_t kc_vm_next_event_us(const struct kc_vm *vm) {
  const int64_t *wake;

  if (vm->state >= KC_STATE_ENDED) {
    return KC_TIME_MAX;
  }
  if (vm->state == KC_STATE_READY || vm->current != KC_NO_TASK ||
      kc_ready_after(vm, vm->last) != KC_NO_TASK) {
    return vm->now_us;
  }
  wake = kc_earliest_wake(vm);
  return wake == NULL ? vm->now_us : *kc_earlier(wake, kc_board_event(vm));
}

void kc_vm_stop(struct kc_vm *vm) {
  if (vm->state == KC_STATE_READY) {
    vm->state = KC_STATE_ENDED + KC_END_STOPPED;
    return;
  }
  if (vm->state != KC_STATE_RUNNING) {
    return;
  }
  vm->mark_us = vm->now_us;
  kc_stop_all(vm);
}

int64_t kc_vm_time_us(const struct kc_vm *vm) {
  return vm->now_us;
}

unsigned long kc_vm_instruction_count(const struct kc_vm *vm) {
  return vm->instructions;
}

int32_t kc_vm_output(const struct kc_vm *vm, uint8_t output) {
  return output < vm->board->output_count ? vm->outputs[output] : 0;
}

uint8_t kc_vm_end_reason(const struct kc_vm *vm) {
  return vm->state >= KC_STATE_ENDED ? (uint8_t)(vm->state - KC_STATE_ENDED) : KC_END_NONE;
}
