/* The dispatch loop: one task's turn on the machine.
 *
 * Board time stays in the machine (vm->now_us) and every 64-bit step goes
 * through the small helpers below, so that the loop itself works on 8-
 * and 16-bit registers: on the AVR that saves a quarter of its flash.
 * The loop counts the instructions it runs and folds them into board time
 * (kc_fold) only before something reads it: a sleep, an output, a sensor,
 * a message, the end of the slice. Between folds a 16-bit count of the
 * instructions left before the next board event or the limit decides when
 * to stop and look. An instruction that reads the time folds those before
 * it, so that vm->now_us is its own time while it runs.
 *
 * Each opcode is written once: the fast loop (kc_run_slice) runs the
 * common ones, with their shape known at compile time and their state in
 * registers; kc_step, out of line, runs the rest and the time checks. */
#include "kc_internal.h"

/* A code byte; 0 (FUNCTION, which never runs) past the end of the code. */
#define CODE(offset) kc_code(vm, (uint16_t)(offset))

/* The sensor opcodes follow the order of enum kc_sensor. */
typedef char kc_sensor_order[(KC_OP_LIGHT - KC_OP_SOIL == KC_SENSOR_LIGHT &&
                              KC_OP_TEMPERATURE - KC_OP_SOIL == KC_SENSOR_TEMPERATURE &&
                              KC_OP_TANK_EMPTY - KC_OP_SOIL == KC_SENSOR_TANK_EMPTY &&
                              KC_OP_BUTTON - KC_OP_SOIL == KC_SENSOR_BUTTON)
                                 ? 1
                                 : -1];

/* The comparisons follow one another, EQ to GE (kc_comparisons). */
typedef char kc_comparison_order[(KC_OP_NE - KC_OP_EQ == 1 && KC_OP_LT - KC_OP_EQ == 2 &&
                                  KC_OP_LE - KC_OP_EQ == 3 && KC_OP_GT - KC_OP_EQ == 4 &&
                                  KC_OP_GE - KC_OP_EQ == 5)
                                     ? 1
                                     : -1];

/* ---- Operands ---- */

static unsigned kc_u16(const struct kc_vm *vm, unsigned offset) {
  return CODE(offset) | (unsigned)CODE(offset + 1) << 8;
}

/* The number PUSH_I32 at `pc` pushes. */
static int32_t kc_immediate32(const struct kc_vm *vm, unsigned pc) {
  return kc_wrap((uint32_t)kc_u16(vm, pc + 1) | (uint32_t)kc_u16(vm, pc + 3) << 16);
}

/* A return link in one slot: the return address in the low 16 bits, the
 * caller's frame (from the task's base) and frame size in a byte each. */
static int32_t kc_link(unsigned pc, unsigned frame_base, unsigned frame_size) {
  return kc_wrap((uint32_t)(pc & 0xFFFFu) | (uint32_t)(frame_base & 0xFFu) << 16 |
                 (uint32_t)(frame_size & 0xFFu) << 24);
}

/* ---- Time ---- */

/* Moves board time on by `count` instructions run since the last fold. */
KC_NOINLINE static void kc_fold(struct kc_vm *vm, uint16_t count) {
  kc_time_after(&vm->now_us, &vm->now_us, count, KC_INSTRUCTION_COST_US);
  vm->instructions += count;
}

/* At a folded time: handles the board events due and returns how many
 * instructions may start before the next check (at most 6,554), or 0 when
 * the run's limit has come. */
KC_NOINLINE static uint16_t kc_room(struct kc_vm *vm, int64_t *next_check) {
  int64_t far;
  uint32_t room = 0xFFFF;

  if (!kc_before(&vm->now_us, next_check)) {
    if (!kc_before(&vm->now_us, &vm->limit_us)) {
      return 0;
    }
    kc_handle_board_events(vm, &vm->now_us);
    kc_next_check(vm, next_check);
  }
  /* Both checks are now in the future: the room is at least 1. Below
   * 0xFFFF µs the low 32 bits of the times give the difference. */
  kc_time_after(&far, &vm->now_us, room, 1);
  if (kc_before(next_check, &far)) {
    room = (uint32_t)*next_check - (uint32_t)vm->now_us;
  }
  /* An instruction may start at any time before the check. */
  return (uint16_t)((room + (KC_INSTRUCTION_COST_US - 1)) / KC_INSTRUCTION_COST_US);
}

/* While an instruction that reads the time runs, board time is its time
 * (kc_step folds up to it). */

/* The task sleeps `milliseconds` from the instruction's time. */
KC_NOINLINE static void kc_sleep(struct kc_vm *vm, struct kc_task *task, uint32_t milliseconds) {
  kc_time_after(&task->wake_us, &vm->now_us, milliseconds, 1000);
}

/* Sleeps to the next grid point; with `unless_on_grid`, only when the
 * instruction's time is not one. Returns 1 when the task sleeps. */
KC_NOINLINE static uint8_t kc_sleep_to_grid(struct kc_vm *vm, struct kc_task *task,
                                            uint8_t unless_on_grid) {
  int64_t next;

  if (kc_next_grid(&next, &vm->now_us) && unless_on_grid) {
    return 0;
  }
  task->wake_us = next;
  return 1;
}

/* EVERY_NEXT: a late run schedules the next at its own end, no catch-up
 * burst. */
KC_NOINLINE static void kc_every_next(struct kc_vm *vm, struct kc_task *task) {
  int64_t due;

  kc_time_after(&due, &task->every_start_us, task->every_period_s, 1000000);
  task->every_start_us = *(kc_before(&vm->now_us, &due) ? &due : &vm->now_us);
  task->every_period_s = 0;
  task->wake_us = task->every_start_us;
}

/* ---- Outputs, sensors, messages at the instruction's time ---- */

/* An instruction writes an output; a pump change moves the next check. */
KC_NOINLINE static uint8_t kc_write(struct kc_vm *vm, uint8_t output, int32_t value,
                                    int64_t *next_check) {
  uint8_t error = kc_set_output(vm, output, value, &vm->now_us);

  kc_next_check(vm, next_check);
  return error;
}

/* PULSE_S and PULSE_MS: with a positive duration, the output on and a
 * sleep; either way the task gives way. Returns the flag PULSE_END pops. */
KC_NOINLINE static int32_t kc_pulse(struct kc_vm *vm, struct kc_task *task, uint8_t output,
                                    int32_t count, uint16_t unit_ms, int64_t *next_check) {
  uint32_t milliseconds = kc_wait_ms(count, unit_ms);

  if (milliseconds != 0) {
    kc_write(vm, output, 1, next_check);
  }
  kc_sleep(vm, task, milliseconds);
  return milliseconds != 0;
}

/* The value a sensor, clock, ANALOG_READ or DIGITAL_READ opcode pushes. */
KC_NOINLINE static int32_t kc_sense(const struct kc_vm *vm, uint8_t opcode, uint8_t operand) {
  const int64_t *time = &vm->now_us;
  uint32_t remainder;

  switch (opcode) {
  case KC_OP_TIME_MS:
  case KC_OP_TIME_S:
    return kc_wrap(kc_time_divide(time, opcode == KC_OP_TIME_MS ? 1000u : 1000000u, &remainder));
  case KC_OP_ANALOG_READ:
    return kc_read_analog(vm, operand, time);
  case KC_OP_DIGITAL_READ:
    return kc_read_digital(vm, operand, time);
  default:
    return kc_read_sensor(vm, (uint8_t)(opcode - KC_OP_SOIL), time);
  }
}

KC_NOINLINE static void kc_say(const struct kc_vm *vm, uint8_t kind, uint8_t text, int32_t value) {
  kc_emit(vm, kind, text, 0, value, &vm->now_us);
}

/* ---- Values ---- */

/* Which of a < b (4), a == b (2), a > b (1) make EQ to GE true. */
static const uint8_t kc_comparisons[6] KC_FLASH = {2, 5, 4, 6, 1, 3};

/* MUL to POW, RANDOM, CONSTRAIN and MAP: operands[0] op operands[1] into
 * operands[0]. Returns 0 or a runtime error. */
KC_NOINLINE static uint8_t kc_binary(struct kc_vm *vm, uint8_t opcode, int32_t *operands) {
  int32_t a = operands[0];
  int32_t b = operands[1];

  switch (opcode) {
  case KC_OP_MUL:
    operands[0] = kc_wrap((uint32_t)a * (uint32_t)b);
    return 0;
  case KC_OP_DIV:
    return kc_divide(a, b, operands);
  case KC_OP_MOD:
    return kc_modulo(a, b, operands);
  case KC_OP_POW:
    return kc_power(a, b, operands);
  case KC_OP_RANDOM:
    operands[0] = kc_random(&vm->random, a, b);
    return 0;
  case KC_OP_CONSTRAIN:
    a = a > b ? a : b;
    operands[0] = a < operands[2] ? a : operands[2];
    return 0;
  default:
    return kc_map(operands, operands);
  }
}

/* NEG, ABS, SQRT and NOT on the top of the stack. */
KC_NOINLINE static uint8_t kc_unary(uint8_t opcode, int32_t *operand) {
  int32_t a = *operand;

  if (opcode == KC_OP_SQRT) {
    return kc_square_root(a, operand);
  }
  if (opcode == KC_OP_NOT) {
    *operand = a == 0;
  } else if (opcode == KC_OP_NEG || a < 0) {
    *operand = kc_wrap(0u - (uint32_t)a);
  }
  return 0;
}

/* No jump target: offsets past an instruction stay below it. */
#define KC_NO_TARGET 0xFFFFu

/* The target of the jump whose operand starts at `offset` with the byte
 * `low`: KC_NO_TARGET for one before the code or a forward one past it.
 * A backward jump may land past the end: the next fetch finds FUNCTION
 * there. The operand is 16 bits when the instruction ends two bytes
 * after it. */
KC_NOINLINE static unsigned kc_target(const struct kc_vm *vm, uint8_t low, unsigned offset,
                                      unsigned end, uint8_t backward) {
  unsigned distance = end - offset == 2 ? low | (unsigned)CODE(offset + 1) << 8 : low;

  if (backward) {
    return distance > end ? KC_NO_TARGET : end - distance;
  }
  /* end + distance >= code size, without overflowing 16 bits. */
  if (end >= vm->code_size || distance >= vm->code_size - end) {
    return KC_NO_TARGET;
  }
  return end + distance;
}

/* FOR_PREP: from, to, by on the stack; keeps to and the signed step in
 * slots[0] and slots[1]. */
static void kc_for_prep(int32_t *slots, const int32_t *operands) {
  int32_t by = operands[2];
  /* |by|, with 0 counting as 1 and |INT_MIN| as INT_MAX. */
  int32_t step = by == 0 ? 1 : (by == INT32_MIN ? INT32_MAX : (by < 0 ? -by : by));

  slots[0] = operands[1];
  slots[1] = operands[0] <= operands[1] ? step : -step;
}

/* FOR_TEST and FOR_NEXT on the value *value with the end and step in
 * slots: 1 when the loop ends (the jump is taken). */
static uint8_t kc_for_step(uint8_t opcode, const int32_t *slots, int32_t *value) {
  int32_t next;

  if (opcode == KC_OP_FOR_TEST || opcode == KC_OP_FOR_TEST_W) {
    return slots[1] >= 0 ? *value > slots[0] : *value < slots[0];
  }
  /* v + step leaving the 32-bit range ends the loop. */
  next = kc_wrap((uint32_t)*value + (uint32_t)slots[1]);
  if ((slots[1] >= 0) != (next >= *value)) {
    return 1;
  }
  *value = next;
  return 0;
}

/* ---- The other opcodes, one at a time ---- */

/* A running slice. The fast loop keeps its hot part in registers and
 * writes it back here before kc_step runs an instruction. */
struct kc_slice {
  struct kc_vm *vm;
  struct kc_task *task;
  /* The task's stack; `top` is one past the top of the operand stack,
   * `frame` the running function's first parameter, `bottom` its lowest
   * operand slot (pops never go below it): frame + params + locals + 1. */
  int32_t *stack;
  int32_t *top;
  int32_t *frame;
  int32_t *bottom;
  /* One past the task's last slot: pushes stay below it. */
  int32_t *limit;
  /* The next instruction. */
  unsigned pc;
  /* Instructions that may start before the next check, and their
   * number at the last fold: the difference has run since. An
   * instruction handed to kc_step is counted already. */
  uint16_t left;
  uint16_t granted;
  int64_t next_check;
  uint8_t index;
  /* What the fast loop hands over: KC_HAND_TIME, KC_HAND_RUN or the
   * runtime error it found in the instruction at pc. */
  uint8_t handed;
};

/* The time check is due; no instruction is counted for it. */
#define KC_HAND_TIME 0xFF
/* Run the instruction at pc (counted in `left` already). */
#define KC_HAND_RUN 0

/* kc_step's answer when the slice goes on (the others are kc_slice_end). */
#define KC_GOES_ON 0xFF

/* Folds the instructions run since the last fold into board time. */
#define KC_FOLD()                                                                                  \
  (kc_fold(vm, (uint16_t)(slice->granted - slice->left)), slice->granted = slice->left)
/* Folds those before the running instruction (counted in `left` already):
 * board time becomes its time. */
#define KC_FOLD_BEFORE()                                                                           \
  (kc_fold(vm, (uint16_t)(slice->granted - slice->left - 1)), slice->granted = slice->left + 1)
/* Folds everything and asks for a time check before the next instruction. */
#define KC_RECHECK() (KC_FOLD(), slice->left = slice->granted = 0)

/* Runs one instruction that the fast loop does not, with the shape from
 * the table; or the time check (then the fast loop runs the instruction
 * or hands it back); or the failure of an instruction the fast loop
 * found wrong. Returns KC_GOES_ON, or how the slice ends. Out of line:
 * the fast loop then makes no call and keeps its state in registers. */
KC_NOINLINE static uint8_t kc_step(struct kc_slice *slice) {
  struct kc_vm *vm = slice->vm;
  struct kc_task *task = slice->task;
  int32_t *const stack = slice->stack;
  int32_t *top = slice->top;
  int32_t *frame = slice->frame;
  int32_t *bottom = slice->bottom;
  uint8_t frame_size = (uint8_t)(bottom - frame - 1);
  /* pc stays on the running instruction until it is done (a failure
   * names it); `end` is where the next one starts. */
  unsigned pc = slice->pc;
  unsigned end;
  uint8_t outcome = KC_GOES_ON;
  uint8_t error;
  uint8_t opcode;
  uint8_t operand;
  uint8_t length;
  uint8_t pops;
  unsigned jump;
  int32_t value;

  /* The time check: the fast loop then runs the instruction, or hands it
   * back here. */
  if (slice->handed == KC_HAND_TIME) {
    KC_FOLD();
    slice->left = slice->granted = kc_room(vm, &slice->next_check);
    return slice->left == 0 ? KC_SLICE_TIME_LIMIT : KC_GOES_ON;
  }
  /* The fast loop found the instruction's error. */
  if (slice->handed != KC_HAND_RUN) {
    error = slice->handed;
    goto failed;
  }
  opcode = CODE(pc);
  /* A byte that is no opcode has no row: length 0. */
  if (opcode >= KC_OPCODE_ROWS) {
    goto bad;
  }
  pops = kc_flash_byte(&kc_opcode_rows[opcode][0]);
  length = (uint8_t)KC_ROW_LENGTH(pops);
  if (length == 0) {
    goto bad;
  }
  end = pc + length;
  /* Every value an instruction pops must be above the frame (the row
   * keeps pops + 1, 0 for CALL). Nothing an instruction checks before
   * its pops gives another error. */
  pops = (uint8_t)KC_ROW_POPS(pops);
  if (pops != 0) {
    pops--;
  }
  if (top - bottom < pops) {
    goto bad;
  }
  operand = length > 1 ? CODE(pc + 1) : 0;
  /* Past here only instructions at least as late as END read the time. */
  if (opcode > KC_OP_RET_V) {
    KC_FOLD_BEFORE();
  }

  switch (opcode) {
  /* ---- Constants (the others run in the fast loop) ---- */
  case KC_OP_PUSH_I32:
    if (top - stack >= task->need) {
      goto overflow;
    }
    value = kc_immediate32(vm, pc);
    goto push;

  /* ---- Arithmetic: a below b on the stack ---- */
  case KC_OP_MUL:
  case KC_OP_DIV:
  case KC_OP_MOD:
  case KC_OP_POW:
  case KC_OP_RANDOM:
  case KC_OP_CONSTRAIN:
  case KC_OP_MAP:
    top -= pops;
    error = kc_binary(vm, opcode, top);
    if (error != 0) {
      goto failed;
    }
    top++;
    break;
  case KC_OP_NEG:
  case KC_OP_ABS:
  case KC_OP_SQRT:
  case KC_OP_NOT:
    error = kc_unary(opcode, top - 1);
    if (error != 0) {
      goto failed;
    }
    break;

  /* ---- Jumps ---- */
  case KC_OP_AND:
  case KC_OP_AND_W:
  case KC_OP_OR:
  case KC_OP_OR_W:
  case KC_OP_JUMP_W:
  case KC_OP_JUMP_IF_FALSE_W:
  case KC_OP_JUMP_IF_TRUE_W:
    jump = kc_target(vm, operand, pc + 1, end, 0);
    if (jump == KC_NO_TARGET) {
      goto bad;
    }
    if (opcode == KC_OP_JUMP_W) {
      end = jump;
    } else if (opcode <= KC_OP_OR_W) {
      /* AND keeps a false top and jumps; OR keeps a true top and jumps. */
      if ((top[-1] != 0) == (opcode >= KC_OP_OR)) {
        end = jump;
      } else {
        top--;
      }
    } else if ((*--top != 0) == (opcode >= KC_OP_JUMP_IF_TRUE)) {
      end = jump;
    }
    break;
  case KC_OP_LOOP:
  case KC_OP_LOOP_W:
    jump = kc_target(vm, operand, pc + 1, end, 1);
    if (jump == KC_NO_TARGET) {
      goto bad;
    }
    pc = jump;
    /* A lone task would be picked again at once: its wake-up time is
     * only read once it gives way for good, so it just goes on. */
    if (vm->task_count == 1) {
      goto save;
    }
    KC_FOLD_BEFORE();
    kc_sleep(vm, task, 0);
    goto yield;

  /* ---- Counted loops ---- */
  case KC_OP_REPEAT_TEST:
  case KC_OP_REPEAT_TEST_W:
    jump = kc_target(vm, CODE(pc + 2), pc + 2, end, 0);
    if (operand >= frame_size || jump == KC_NO_TARGET) {
      goto bad;
    }
    if (frame[operand] <= 0) {
      end = jump;
    } else {
      frame[operand]--;
    }
    break;
  case KC_OP_FOR_PREP:
    if (operand + 1 >= frame_size) {
      goto bad;
    }
    kc_for_prep(frame + operand, top - 3);
    top -= 2;
    break;
  case KC_OP_FOR_TEST:
  case KC_OP_FOR_TEST_W:
  case KC_OP_FOR_NEXT:
  case KC_OP_FOR_NEXT_W:
    jump = kc_target(vm, CODE(pc + 2), pc + 2, end, 0);
    if (operand + 1 >= frame_size || jump == KC_NO_TARGET) {
      goto bad;
    }
    if (kc_for_step(opcode, frame + operand, top - 1)) {
      top--;
      end = jump;
    } else if (opcode == KC_OP_FOR_TEST || opcode == KC_OP_FOR_TEST_W) {
      top--;
    }
    break;

  /* ---- Calls and the ends of scripts ---- */
  case KC_OP_CALL: {
    unsigned callee = kc_u16(vm, pc + 1);
    uint8_t locals;

    if ((unsigned long)callee + KC_FUNC_SIZE > vm->code_size || CODE(callee) != KC_OP_FUNCTION) {
      goto bad;
    }
    /* The arguments on the stack become the callee's parameters. */
    operand = CODE(callee + 1);
    if (top - bottom < operand) {
      goto bad;
    }
    locals = CODE(callee + 2);
    jump = (unsigned)(top - stack) + locals;
    if (jump >= task->need) {
      goto overflow;
    }
    while (top < stack + jump) {
      *top++ = 0;
    }
    /* The return link, in the slot after the callee's locals. */
    *top = kc_link(end, (unsigned)(frame - stack), frame_size);
    frame = top - locals - operand;
    bottom = ++top;
    end = callee + KC_FUNC_SIZE;
    break;
  }
  case KC_OP_RET:
  case KC_OP_RET_V: {
    uint32_t link;

    value = opcode == KC_OP_RET_V ? *--top : 0;
    /* The script's own frame: its return link ends the script. */
    if (frame == stack) {
      goto ended;
    }
    link = (uint32_t)frame[frame_size];
    if ((link & 0xFFFFu) >= vm->code_size ||
        (unsigned)(link >> 16 & 0xFFu) + (unsigned)(link >> 24) >= (unsigned)(frame - stack)) {
      goto bad;
    }
    top = frame;
    frame = stack + (uint8_t)(link >> 16);
    bottom = frame + (uint8_t)(link >> 24) + 1;
    end = (unsigned)(link & 0xFFFFu);
    if (opcode == KC_OP_RET_V) {
      goto push;
    }
    break;
  }
  case KC_OP_END:
    goto ended;
  case KC_OP_STOP_SCRIPT:
    if ((task->flags & KC_TASK_WHEN) == 0) {
      goto ended;
    }
    /* A when script drops its stack and goes back to its hat, still armed. */
    kc_enter_script(vm, task);
    end = task->pc;
    top = stack + task->sp;
    frame = stack + task->fp;
    bottom = top;
    break;
  case KC_OP_STOP_ALL:
    outcome = KC_SLICE_STOPPED_ALL;
    goto mark;

  /* ---- Waits and hats ---- */
  case KC_OP_WAIT_MS:
  case KC_OP_WAIT_S:
  case KC_OP_WAIT_MIN:
    kc_sleep(
        vm, task,
        kc_wait_ms(*--top, opcode == KC_OP_WAIT_MS ? 1 : (opcode == KC_OP_WAIT_S ? 1000 : 60000u)));
    pc = end;
    goto yield;
  case KC_OP_WAIT_UNTIL:
  case KC_OP_WAIT_UNTIL_W:
    jump = kc_target(vm, operand, pc + 1, end, 1);
    if (jump == KC_NO_TARGET) {
      goto bad;
    }
    if (*--top != 0) {
      kc_sleep(vm, task, 0);
      pc = end;
    } else {
      kc_sleep_to_grid(vm, task, 0);
      pc = jump;
    }
    goto yield;
  case KC_OP_WHEN_WAIT:
    if (kc_sleep_to_grid(vm, task, 1)) {
      pc = end;
      goto yield;
    }
    break;
  case KC_OP_WHEN_FIRE:
  case KC_OP_WHEN_FIRE_W:
    jump = kc_target(vm, operand, pc + 1, end, 1);
    if (jump == KC_NO_TARGET) {
      goto bad;
    }
    /* The body runs on a false-to-true edge; either way the sample stays. */
    operand = task->flags & KC_TASK_SAMPLE;
    task->flags &= (uint8_t)~KC_TASK_SAMPLE;
    if (*--top != 0) {
      task->flags |= KC_TASK_SAMPLE;
    } else {
      operand = KC_TASK_SAMPLE;
    }
    if (operand != 0) {
      end = jump;
    }
    break;
  case KC_OP_EVERY_BEGIN:
    value = *--top;
    task->every_period_s = value > 0 ? (uint32_t)value : 0;
    break;
  case KC_OP_EVERY_NEXT:
  case KC_OP_EVERY_NEXT_W:
    jump = kc_target(vm, operand, pc + 1, end, 1);
    if (jump == KC_NO_TARGET) {
      goto bad;
    }
    kc_every_next(vm, task);
    pc = jump;
    goto yield;

  /* ---- Outputs ---- */
  case KC_OP_OUT_ON:
  case KC_OP_OUT_OFF:
  case KC_OP_OUT_WRITE:
  case KC_OP_PWM_WRITE:
    value = opcode == KC_OP_OUT_ON;
    if (opcode == KC_OP_OUT_WRITE) {
      value = *--top != 0;
    } else if (opcode == KC_OP_PWM_WRITE) {
      value = *--top;
      value = value < 0 ? 0 : (value > 255 ? 255 : value);
    }
    error = kc_write(vm, operand, value, &slice->next_check);
    if (error != 0) {
      goto failed;
    }
    /* A pump change moves the next check. */
    KC_RECHECK();
    break;
  case KC_OP_PULSE_S:
  case KC_OP_PULSE_MS:
  case KC_OP_PULSE_END:
    if (operand >= vm->board->output_count) {
      goto bad;
    }
    if (opcode == KC_OP_PULSE_END) {
      if (*--top != 0) {
        kc_write(vm, operand, 0, &slice->next_check);
        KC_RECHECK();
      }
      break;
    }
    top[-1] = kc_pulse(vm, task, operand, top[-1], opcode == KC_OP_PULSE_S ? 1000 : 1,
                       &slice->next_check);
    pc = end;
    KC_RECHECK();
    goto yield;

  /* ---- Sensors and time ---- */
  case KC_OP_ANALOG_READ:
  case KC_OP_SOIL:
  case KC_OP_LIGHT:
  case KC_OP_TEMPERATURE:
  case KC_OP_TANK_EMPTY:
  case KC_OP_BUTTON:
  case KC_OP_TIME_MS:
  case KC_OP_TIME_S:
  case KC_OP_DIGITAL_READ:
    if (opcode == KC_OP_ANALOG_READ && operand >= vm->board->analog_count) {
      goto bad;
    }
    if (top - stack >= task->need) {
      goto overflow;
    }
    value = kc_sense(vm, opcode, operand);
    goto push;

  /* ---- Logs and messages ---- */
  case KC_OP_LOG_NUM:
  case KC_OP_LOG_BOOL:
  case KC_OP_PRINT_TEXT:
    if (operand >= vm->text_count) {
      goto bad;
    }
    if (opcode == KC_OP_PRINT_TEXT) {
      kc_say(vm, KC_EVENT_PRINT_TEXT, operand, 0);
    } else if (opcode == KC_OP_LOG_NUM) {
      kc_say(vm, KC_EVENT_LOG_NUMBER, operand, *--top);
    } else {
      kc_say(vm, KC_EVENT_LOG_BOOL, operand, *--top != 0);
    }
    break;
  case KC_OP_PRINT_NUM:
    kc_say(vm, KC_EVENT_PRINT_NUMBER, 0, *--top);
    break;
  case KC_OP_PRINT_BOOL:
    kc_say(vm, KC_EVENT_PRINT_BOOL, 0, *--top != 0);
    break;

  /* FUNCTION never runs; every other byte is no opcode. */
  default:
    goto bad;
  }
  pc = end;
  goto save;

push:
  *top++ = value;
  pc = end;
  goto save;

yield:
  /* The task gives way. When the scheduler would pick it again at once
   * (no other task is ready), it goes on in this slice instead. */
  KC_FOLD();
  if (kc_ready_after(vm, slice->index) != slice->index) {
    outcome = KC_SLICE_YIELDED;
  } else {
    vm->last = slice->index;
  }
  goto save;

ended:
  task->flags |= KC_TASK_ENDED;
  outcome = KC_SLICE_ENDED;
  goto mark;
overflow:
  error = KC_ERR_STACK_OVERFLOW;
  goto failed;
bad:
  error = KC_ERR_BAD_INSTRUCTION;
failed:
  vm->failure_code = error;
  vm->failure_pc = (uint16_t)pc;
  outcome = KC_SLICE_FAILED;
mark:
  /* When the last task to end, STOP_ALL or the failure happened. */
  KC_FOLD_BEFORE();
  vm->mark_us = vm->now_us;
save:
  slice->pc = pc;
  slice->top = top;
  slice->frame = frame;
  slice->bottom = bottom;
  return outcome;
}

/* ---- The fast loop ---- */

/* Each opcode's length and pops as constants, from the one table: the
 * fast paths know their instruction's shape at compile time. */
#define KC_DEFINE_SHAPE(name, code, length, pops, ...)                                             \
  KC_LENGTH_##name = (length), KC_POPS_##name = (pops),
enum kc_opcode_shape { KC_OPCODES(KC_DEFINE_SHAPE) KC_SHAPE_END };

/* The fast paths share a body between opcodes of one shape. */
typedef char kc_fast_shapes
    [(KC_LENGTH_PUSH_0 == 1 && KC_LENGTH_PUSH_1 == 1 && KC_LENGTH_ADD == 1 && KC_LENGTH_SUB == 1 &&
      KC_POPS_ADD == 2 && KC_POPS_SUB == 2 && KC_LENGTH_EQ == 1 && KC_LENGTH_GE == 1 &&
      KC_POPS_EQ == 2 && KC_POPS_GE == 2 && KC_LENGTH_JUMP_IF_FALSE == 2 &&
      KC_LENGTH_JUMP_IF_TRUE == 2 && KC_POPS_JUMP_IF_FALSE == 1 && KC_POPS_JUMP_IF_TRUE == 1 &&
      KC_LENGTH_JUMP == 2 && KC_POPS_JUMP == 0 && KC_LENGTH_LOAD_L == KC_LENGTH_LOAD_G &&
      KC_LENGTH_STORE_L == 2 && KC_LENGTH_CHANGE_G == 2 && KC_LENGTH_CHANGE_L == 2 &&
      KC_OP_STORE_G < KC_OP_CHANGE_G && KC_OP_CHANGE_G < KC_OP_STORE_L && KC_OP_ADD < KC_OP_EQ &&
      KC_OP_SUB < KC_OP_EQ)
         ? 1
         : -1];

/* An operand byte in the fast loop, of an instruction that starts inside
 * the code: from the padded copy as it is, else through KC_READ_CODE
 * with the bound check. The platform and the code size live in locals
 * there, so that a read costs no pointer chase. */
#define KC_BYTE(offset)                                                                            \
  (copy != NULL                     ? copy[offset]                                                 \
   : (unsigned)(offset) < code_size ? KC_READ_CODE(&platform, (unsigned)(offset))                  \
                                    : 0)

/* Runs a slice. The common instructions run here, with their shape known
 * and their checks in the reference VM's order, and none of them reads
 * the time; kc_step runs the others, the time checks and the failures.
 * Returns how the slice ends (kc_slice_end). Out of line, with its state
 * in locals: kc_run_slice's own set-up stays out of its registers. */
KC_NOINLINE KC_FAST_PATH static uint8_t kc_run_fast(struct kc_vm *vm, struct kc_slice *slice) {
  /* A copy the compiler keeps in registers (the code's address). */
  const struct kc_platform platform = *vm->platform;
  const unsigned code_size = vm->code_size;
  const uint8_t *const copy = vm->code_copy;
  /* Without a copy, where the fast loop stops: the end of the code, or
   * 0 for code too large for it. */
  const unsigned fast_end = code_size <= KC_FAST_CODE_SIZE ? code_size : 0;
  unsigned pc;
  int32_t *top;
  /* The operands on the stack and the most the task's stack holds above
   * the frame: a task has at most 255 slots, and 8-bit counts are
   * cheaper to check than pointers. */
  uint8_t depth;
  uint8_t room;
  /* The instructions that may start: burst - 1 + rest. The loop counts
   * down the 8-bit burst, and refills it from the rest every 255. */
  uint8_t burst;
  uint16_t rest;
  int32_t *variables;
  uint8_t count;
  uint8_t change;
  uint8_t opcode;
  uint8_t operand;
  unsigned word;
  int32_t value;
  int32_t first;
  uint8_t outcome;

  do {
    pc = slice->pc;
    top = slice->top;
    depth = (uint8_t)(top - slice->bottom);
    room = (uint8_t)(slice->limit - slice->bottom);
    burst = 1;
    rest = slice->left;
    slice->handed = KC_HAND_RUN;
    for (;;) {
      if (KC_UNLIKELY(--burst == 0)) {
        if (rest == 0) {
          slice->handed = KC_HAND_TIME;
          burst = 1;
          break;
        }
        if (copy == NULL) {
          /* No copy: one instruction a burst, read from the code store
           * here, so that the common path makes no test of its own.
           * Past the end of the code is FUNCTION, which kc_step refuses;
           * kc_step runs every instruction of code too large for here. */
          rest--;
          burst = 1;
          if (pc >= fast_end) {
            break;
          }
          opcode = KC_READ_CODE(&platform, pc);
          operand = KC_BYTE(pc + 1);
          goto dispatch;
        }
        burst = rest > 0xFF ? 0xFF : (uint8_t)rest;
        rest -= burst;
      }
      /* The opcode and the byte after it (the operand of the opcodes that
       * have one). The copy's padding holds FUNCTION, which kc_step
       * refuses, past the end of the code for every pc the machine
       * reaches. */
      opcode = copy[pc];
      operand = copy[pc + 1];
    dispatch:
      /* The commonest opcode first: the switch's balanced tree would reach
       * it last. */
      if (opcode == KC_OP_LOAD_G) {
        if (KC_UNLIKELY(operand >= vm->global_count)) {
          goto bad;
        }
        value = vm->globals[operand];
        goto push2;
      }
      switch (opcode) {
      case KC_OP_PUSH_0:
        value = 0;
        goto push1;
      case KC_OP_PUSH_1:
        value = 1;
        goto push1;
      case KC_OP_PUSH_I8:
        /* The operand byte as a signed number. */
        value = operand;
        if (operand & 0x80u) {
          value -= 0x100;
        }
        goto push2;
      case KC_OP_PUSH_I16:
        /* Two operand bytes, as a signed number. */
        word = KC_BYTE(pc + 2);
        value = (int32_t)(word << 8 | operand);
        if (word & 0x80u) {
          value -= 0x10000L;
        }
        if (KC_UNLIKELY(depth >= room)) {
          goto overflow;
        }
        pc += KC_LENGTH_PUSH_I16;
        goto pushed;
      case KC_OP_LOAD_L:
        if (KC_UNLIKELY(operand >= (uint8_t)(slice->bottom - slice->frame - 1))) {
          goto bad;
        }
        value = slice->frame[operand];
        goto push2;
      case KC_OP_STORE_G:
      case KC_OP_CHANGE_G:
        change = opcode - KC_OP_STORE_G;
        variables = vm->globals;
        count = vm->global_count;
        goto store;
      case KC_OP_STORE_L:
      case KC_OP_CHANGE_L:
        change = opcode - KC_OP_STORE_L;
        variables = slice->frame;
        count = (uint8_t)(slice->bottom - slice->frame - 1);
        goto store;
      case KC_OP_POP:
        if (KC_UNLIKELY(depth == 0)) {
          goto bad;
        }
        depth--;
        top--;
        pc += KC_LENGTH_POP;
        continue;
      case KC_OP_ADD:
        if (KC_UNLIKELY(depth < KC_POPS_ADD)) {
          goto bad;
        }
        depth--;
        value = *--top;
        first = *--top;
        top[0] = kc_wrap((uint32_t)first + (uint32_t)value);
        top += 1;
        pc += KC_LENGTH_ADD;
        continue;
      case KC_OP_SUB:
        if (KC_UNLIKELY(depth < KC_POPS_SUB)) {
          goto bad;
        }
        depth--;
        value = *--top;
        first = *--top;
        top[0] = kc_wrap((uint32_t)first - (uint32_t)value);
        top += 1;
        pc += KC_LENGTH_SUB;
        continue;
      case KC_OP_EQ:
      case KC_OP_NE:
      case KC_OP_LT:
      case KC_OP_LE:
      case KC_OP_GT:
      case KC_OP_GE:
        if (KC_UNLIKELY(depth < KC_POPS_EQ)) {
          goto bad;
        }
        depth--;
        value = *--top;
        first = *--top;
        /* Bit 2: a < b, bit 1: a == b, bit 0: a > b; the row says which
         * make the comparison true. */
        operand = kc_flash_byte(&kc_comparisons[opcode - KC_OP_EQ]);
        if (first < value) {
          operand >>= 2;
        } else if (first == value) {
          operand >>= 1;
        }
        top[0] = operand & 1;
        top += 1;
        pc += KC_LENGTH_EQ;
        continue;
      case KC_OP_JUMP:
        /* No overflow: the fast loop runs no code above KC_FAST_CODE_SIZE. */
        word = pc + KC_LENGTH_JUMP + operand;
        if (KC_UNLIKELY(word >= code_size)) {
          goto bad;
        }
        pc = word;
        continue;
      case KC_OP_JUMP_IF_FALSE:
      case KC_OP_JUMP_IF_TRUE:
        /* JUMP_IF_FALSE jumps on a zero top, JUMP_IF_TRUE on any other. */
        change = opcode == KC_OP_JUMP_IF_TRUE;
        if (KC_UNLIKELY(depth == 0)) {
          goto bad;
        }
        word = pc + KC_LENGTH_JUMP_IF_FALSE + operand;
        if (KC_UNLIKELY(word >= code_size)) {
          goto bad;
        }
        pc += KC_LENGTH_JUMP_IF_FALSE;
        depth--;
        if ((*--top != 0) == change) {
          pc = word;
        }
        continue;
      case KC_OP_LOOP:
        /* Only a lone task's LOOP goes on here (kc_step says why). */
        word = pc + KC_LENGTH_LOOP;
        if (KC_UNLIKELY(operand > word || vm->task_count != 1)) {
          break;
        }
        pc = word - operand;
        continue;
      default:
        break;
      }
      break;

    store:
      /* STORE and CHANGE of a global or a local: `change` says which. */
      if (KC_UNLIKELY(depth == 0 || operand >= count)) {
        goto bad;
      }
      depth--;
      value = *--top;
      variables += operand;
      if (change) {
        value = kc_wrap((uint32_t)*variables + (uint32_t)value);
      }
      *variables = value;
      pc += KC_LENGTH_STORE_G;
      continue;
    push2:
      if (KC_UNLIKELY(depth >= room)) {
        goto overflow;
      }
      pc += KC_LENGTH_PUSH_I8;
      goto pushed;
    push1:
      if (KC_UNLIKELY(depth >= room)) {
        goto overflow;
      }
      pc += KC_LENGTH_PUSH_0;
    pushed:
      depth++;
      top[0] = value;
      top += 1;
      continue;
    overflow:
      slice->handed = KC_ERR_STACK_OVERFLOW;
      break;
    bad:
      slice->handed = KC_ERR_BAD_INSTRUCTION;
      break;
    }
    slice->pc = pc;
    slice->top = top;
    slice->left = (uint16_t)(burst - 1 + rest);
    outcome = kc_step(slice);
  } while (outcome == KC_GOES_ON);
  return outcome;
}

uint8_t kc_run_slice(struct kc_vm *vm, uint8_t index) {
  struct kc_slice slice;
  struct kc_task *task = &vm->tasks[index];
  uint8_t outcome;

  slice.vm = vm;
  slice.task = task;
  slice.index = index;
  slice.stack = vm->stack + task->base;
  slice.top = slice.stack + task->sp;
  slice.frame = slice.stack + task->fp;
  slice.bottom = slice.frame + task->frame + 1;
  slice.pc = task->pc;
  slice.limit = slice.stack + task->need;
  slice.left = 0;
  slice.granted = 0;
  kc_next_check(vm, &slice.next_check);

  outcome = kc_run_fast(vm, &slice);

  if (slice.granted != slice.left) {
    kc_fold(vm, (uint16_t)(slice.granted - slice.left));
  }
  task->pc = (uint16_t)slice.pc;
  task->sp = (uint8_t)(slice.top - slice.stack);
  task->fp = (uint8_t)(slice.frame - slice.stack);
  task->frame = (uint8_t)(slice.bottom - slice.frame - 1);
  return outcome;
}
