/* The board's verifier: docs/bytecode.md section 4 in one linear pass over
 * the code, with one byte of table per code byte and a few numbers about
 * the current function. It accepts and refuses exactly the images the
 * Swift verifier does, and names the same offset. */
#include <string.h>

#include "kc_internal.h"

/* The table's mark for an offset no edge has reached yet. */
#define KC_UNKNOWN 0xFF
/* Once a function is checked its part of the table is no longer read for
 * heights: it is rewritten to 0, with KC_HEADER on the header, so that
 * CALL can tell an earlier function's header from any other offset. */
#define KC_HEADER 1

/* One decoded instruction. */
struct kc_instruction {
  uint16_t offset;
  uint16_t end;
  uint8_t opcode;
  struct kc_opcode_info info;
  /* Unsigned operand values (jump distances included); signed immediates
   * are never checked. */
  uint16_t operands[4];
  /* The first jump operand's kind, 0 when the instruction does not jump. */
  uint8_t jump_kind;
  uint16_t distance;
};

struct kc_pass {
  const struct kc_board *board;
  const struct kc_platform *platform;
  uint8_t *heights;
  uint16_t code_size;
  uint8_t globals;
  uint8_t texts;
  /* The current function. */
  uint16_t header;
  uint16_t body;
  uint8_t params;
  uint8_t locals;
  uint8_t need;
  uint8_t kind;
  unsigned functions;
  unsigned scripts;
  /* The previous instruction: the current function's header at its start. */
  uint16_t previous;
  uint8_t previous_is_header;
  /* Height after the previous instruction; -1 when it never falls through. */
  int fall_through;
  /* The furthest forward jump target in the current function, -1 for none. */
  long furthest;
  /* The scripts' needs so far, and the first script where they overflow
   * the board's stack slots (reported only if the pass finds nothing). */
  unsigned long script_slots;
  uint16_t slots_offset;
  uint8_t slots_exceeded;
  uint16_t error_offset;
};

static uint8_t kc_byte(const struct kc_pass *pass, uint16_t offset) {
  return pass->platform->read_code(pass->platform->code, offset);
}

static uint8_t kc_reject(struct kc_pass *pass, uint16_t offset, uint8_t error) {
  pass->error_offset = offset;
  return error;
}

static int kc_is_jump(uint8_t kind) {
  return kind == KC_ARG_FWD8 || kind == KC_ARG_FWD16 || kind == KC_ARG_BACK8 ||
         kind == KC_ARG_BACK16;
}

static int kc_jumps_back(const struct kc_instruction *instruction) {
  return instruction->jump_kind == KC_ARG_BACK8 || instruction->jump_kind == KC_ARG_BACK16;
}

/* The absolute target of a jump; negative for a corrupt backward one. */
static long kc_jump_target(const struct kc_instruction *instruction) {
  return kc_jumps_back(instruction) ? (long)instruction->end - (long)instruction->distance
                                    : (long)instruction->end + (long)instruction->distance;
}

/* Decodes the instruction at `offset`: 0 when the byte there is no opcode
 * (KC_VERIFY_UNKNOWN_OPCODE in *error) or its operands run past the end. */
static int kc_decode(const struct kc_pass *pass, uint16_t offset,
                     struct kc_instruction *instruction, uint8_t *error) {
  unsigned position;
  uint8_t index;

  instruction->offset = offset;
  instruction->opcode = kc_byte(pass, offset);
  if (!kc_opcode_info(instruction->opcode, &instruction->info)) {
    *error = KC_VERIFY_UNKNOWN_OPCODE;
    return 0;
  }
  if (instruction->info.length > pass->code_size - offset) {
    *error = KC_VERIFY_OPERANDS_PAST_END;
    return 0;
  }
  instruction->end = (uint16_t)(offset + instruction->info.length);
  instruction->jump_kind = 0;
  instruction->distance = 0;
  position = (unsigned)offset + 1;
  for (index = 0; index < 4; index++) {
    uint8_t kind = instruction->info.kinds[index];
    uint8_t size = kc_operand_size(kind);
    uint16_t value = 0;

    if (size >= 1) {
      value = kc_byte(pass, (uint16_t)position);
    }
    if (size >= 2) {
      value = (uint16_t)(value | (unsigned)kc_byte(pass, (uint16_t)(position + 1)) << 8);
    }
    instruction->operands[index] = value;
    if (instruction->jump_kind == 0 && kc_is_jump(kind)) {
      instruction->jump_kind = kind;
      instruction->distance = value;
    }
    position += size;
  }
  return 1;
}

/* The error for a forward jump that lands at a bad `target`, named after
 * the jump. Only the table remembers targets, so this decodes the current
 * function again to find it: a cost paid on error only. */
static uint8_t kc_jump_error(struct kc_pass *pass, long target, uint8_t error) {
  struct kc_instruction instruction;
  uint8_t ignored;
  unsigned long offset = pass->body;

  while ((long)offset < target && offset < pass->code_size &&
         kc_decode(pass, (uint16_t)offset, &instruction, &ignored)) {
    if (instruction.jump_kind != 0 && !kc_jumps_back(&instruction) &&
        kc_jump_target(&instruction) == target) {
      return kc_reject(pass, instruction.offset, error);
    }
    offset = instruction.end;
  }
  return kc_reject(pass, (uint16_t)target, error);
}

/* ---- Functions (rule 2) ---- */

/* Closes the current function at `end`: the next header or the code's end. */
static uint8_t kc_end_function(struct kc_pass *pass, uint16_t end) {
  if (pass->previous_is_header) {
    return kc_reject(pass, pass->previous, KC_VERIFY_EMPTY_FUNCTION);
  }
  if (pass->fall_through >= 0) {
    return kc_reject(pass, pass->previous, KC_VERIFY_FALLS_THROUGH);
  }
  if (pass->furthest >= (long)end) {
    return kc_jump_error(pass, pass->furthest, KC_VERIFY_JUMP_OUTSIDE_FUNCTION);
  }
  memset(pass->heights + pass->header, 0, (size_t)(end - pass->header));
  pass->heights[pass->header] = KC_HEADER;
  return KC_VERIFY_OK;
}

/* A header closes the previous function and opens the next. */
static uint8_t kc_begin_function(struct kc_pass *pass, const struct kc_instruction *header) {
  uint8_t kind = (uint8_t)header->operands[3];
  uint8_t error;

  if (pass->functions > 0) {
    error = kc_end_function(pass, header->offset);
    if (error != KC_VERIFY_OK) {
      return error;
    }
  }
  if (kind > 2) {
    return KC_VERIFY_UNKNOWN_KIND;
  }
  /* A task starts with no arguments: parameter slots would hold garbage. */
  if (kind == 2 && header->operands[0] != 0) {
    return KC_VERIFY_SCRIPT_PARAMETERS;
  }
  if (kind != 2 && pass->functions > 0 && pass->kind == 2) {
    return KC_VERIFY_PROCEDURE_AFTER_SCRIPTS;
  }
  pass->header = header->offset;
  pass->body = header->end;
  pass->params = (uint8_t)header->operands[0];
  pass->locals = (uint8_t)header->operands[1];
  pass->need = (uint8_t)header->operands[2];
  pass->kind = kind;
  pass->functions++;
  if (kind == 2) {
    pass->scripts++;
    pass->script_slots += pass->need;
    if (!pass->slots_exceeded && pass->script_slots > pass->board->stack_slots) {
      pass->slots_exceeded = 1;
      pass->slots_offset = header->offset;
    }
  }
  pass->previous = header->offset;
  pass->previous_is_header = 1;
  pass->fall_through = -1;
  pass->furthest = -1;
  return KC_VERIFY_OK;
}

/* ---- Operands and places (rule 3) ---- */

static int kc_in_mask(const uint8_t *mask, unsigned bytes, unsigned value) {
  return value / 8 < bytes && (mask[value / 8] >> (value % 8) & 1) != 0;
}

static int kc_uses_two_slots(uint8_t opcode) {
  switch (opcode) {
  case KC_OP_FOR_PREP:
  case KC_OP_FOR_TEST:
  case KC_OP_FOR_TEST_W:
  case KC_OP_FOR_NEXT:
  case KC_OP_FOR_NEXT_W:
    return 1;
  default:
    return 0;
  }
}

/* Every index names something that exists. */
static uint8_t kc_check_operands(const struct kc_pass *pass,
                                 const struct kc_instruction *instruction) {
  const struct kc_board *board = pass->board;
  uint8_t index;

  for (index = 0; index < 4; index++) {
    unsigned value = instruction->operands[index];
    uint8_t error = KC_VERIFY_OK;

    switch (instruction->info.kinds[index]) {
    case KC_ARG_GLOB:
      error = value < pass->globals ? KC_VERIFY_OK : KC_VERIFY_GLOBAL;
      break;
    case KC_ARG_LOC:
      /* FOR_* keep the end in slot `loc` and the step in `loc + 1`. */
      value += (unsigned)kc_uses_two_slots(instruction->opcode);
      error = value < (unsigned)pass->params + pass->locals ? KC_VERIFY_OK : KC_VERIFY_LOCAL;
      break;
    case KC_ARG_OUT:
      if (value >= board->output_count) {
        error = KC_VERIFY_OUTPUT;
      } else if (instruction->opcode == KC_OP_PWM_WRITE &&
                 !kc_in_mask(board->pwm_outputs, KC_OUTPUT_MASK_BYTES, value)) {
        error = KC_VERIFY_NOT_PWM;
      }
      break;
    case KC_ARG_CHAN:
      if (!kc_in_mask(board->analog_channels, KC_PIN_MASK_BYTES, value)) {
        error = KC_VERIFY_CHANNEL;
      }
      break;
    case KC_ARG_PIN:
      if (!kc_in_mask(board->digital_pins, KC_PIN_MASK_BYTES, value)) {
        error = KC_VERIFY_PIN;
      }
      break;
    case KC_ARG_TEXT:
      error = value < pass->texts ? KC_VERIFY_OK : KC_VERIFY_TEXT;
      break;
    default:
      break;
    }
    if (error != KC_VERIFY_OK) {
      return error;
    }
  }
  return KC_VERIFY_OK;
}

/* Returns only where a return means something, hats and END only in
 * scripts; STOP_* anywhere (they act on the calling script). */
static uint8_t kc_check_place(const struct kc_pass *pass,
                              const struct kc_instruction *instruction) {
  int allowed;

  switch (instruction->opcode) {
  /* A caller of a kind-1 procedure counts on the value: RET is not enough. */
  case KC_OP_RET:
    allowed = pass->kind == 0;
    break;
  case KC_OP_RET_V:
    allowed = pass->kind == 1;
    break;
  case KC_OP_END:
  case KC_OP_EVERY_BEGIN:
  case KC_OP_EVERY_NEXT:
  case KC_OP_EVERY_NEXT_W:
  case KC_OP_WHEN_WAIT:
  case KC_OP_WHEN_FIRE:
  case KC_OP_WHEN_FIRE_W:
    allowed = pass->kind == 2;
    break;
  default:
    allowed = 1;
    break;
  }
  return allowed ? KC_VERIFY_OK : KC_VERIFY_NOT_ALLOWED_HERE;
}

/* ---- Stack heights and needs (rules 5 and 6) ---- */

/* The one height an offset gets: from the fall-through edge, a forward
 * jump, or 0 for code nothing reached yet. */
static uint8_t kc_entry_height(const struct kc_pass *pass, uint16_t offset, int *height) {
  uint8_t mark = pass->heights[offset];

  if (pass->fall_through < 0) {
    *height = mark == KC_UNKNOWN ? 0 : mark;
    return KC_VERIFY_OK;
  }
  if (mark != KC_UNKNOWN && mark != pass->fall_through) {
    return KC_VERIFY_HEIGHT_MISMATCH;
  }
  /* The need check keeps every height at most 254, below the table's mark. */
  if (pass->fall_through >= KC_UNKNOWN) {
    return KC_VERIFY_HEIGHT_TOO_LARGE;
  }
  *height = pass->fall_through;
  return KC_VERIFY_OK;
}

/* Pops available and the need within the declared need; *after is the
 * height after the instruction. `callee` is the CALL target's header. */
static uint8_t kc_check_stack(const struct kc_pass *pass, const struct kc_instruction *instruction,
                              int height, long callee, int *after) {
  int pops = instruction->info.pops;
  int pushes = instruction->info.pushes;
  int frame = pass->params + pass->locals + 1;
  int need;

  if (callee >= 0) {
    uint8_t callee_params = kc_byte(pass, (uint16_t)(callee + 1));

    pops = callee_params;
    pushes = kc_byte(pass, (uint16_t)(callee + 4)) == 1;
  }
  if (height < pops) {
    return KC_VERIFY_UNDERFLOW;
  }
  *after = height - pops + pushes;
  need = frame + (*after > height ? *after : height);
  /* The callee's frame starts at its first argument, counted in `height`. */
  if (callee >= 0) {
    int call_need = frame + height - pops + kc_byte(pass, (uint16_t)(callee + 3));

    if (call_need > need) {
      need = call_need;
    }
  }
  if (need > pass->need) {
    return KC_VERIFY_NEED;
  }
  return KC_VERIFY_OK;
}

/* CALL names the header of an earlier procedure. Returns its offset, or
 * -1 with the error in *error. */
static long kc_callee(const struct kc_pass *pass, const struct kc_instruction *instruction,
                      uint8_t *error) {
  uint16_t target = instruction->operands[0];

  /* The current function's header is no target: calling it would recurse. */
  if (target >= pass->header || pass->heights[target] != KC_HEADER) {
    *error = KC_VERIFY_CALL_TARGET;
    return -1;
  }
  if (kc_byte(pass, (uint16_t)(target + 4)) == 2) {
    *error = KC_VERIFY_CALL_SCRIPT;
    return -1;
  }
  return target;
}

/* ---- Jumps (rules 4 and 5) ---- */

static uint8_t kc_check_jump(struct kc_pass *pass, const struct kc_instruction *instruction,
                             int height) {
  long target = kc_jump_target(instruction);
  uint8_t mark;

  if (kc_jumps_back(instruction)) {
    if (target > (long)instruction->offset) {
      return KC_VERIFY_JUMP_NOT_BACK;
    }
    if (target < (long)pass->body) {
      return KC_VERIFY_JUMP_OUTSIDE_FUNCTION;
    }
    /* Every instruction start behind has a height; operand bytes have none. */
    mark = pass->heights[target];
    if (mark == KC_UNKNOWN) {
      return KC_VERIFY_JUMP_INSIDE_INSTRUCTION;
    }
    return mark == height ? KC_VERIFY_OK : KC_VERIFY_HEIGHT_MISMATCH;
  }
  if (target >= (long)pass->code_size) {
    return KC_VERIFY_JUMP_OUTSIDE_CODE;
  }
  if (height < 0) {
    return KC_VERIFY_UNDERFLOW;
  }
  mark = pass->heights[target];
  if (mark == KC_UNKNOWN) {
    pass->heights[target] = (uint8_t)height;
    if (target > pass->furthest) {
      pass->furthest = target;
    }
  } else if (mark != height) {
    return KC_VERIFY_HEIGHT_MISMATCH;
  }
  return KC_VERIFY_OK;
}

/* Rules 3 to 6 for one instruction of a function's body. */
static uint8_t kc_check(struct kc_pass *pass, const struct kc_instruction *instruction) {
  unsigned offset;
  int height;
  int after = 0;
  long callee = -1;
  uint8_t error;

  /* A forward jump seen earlier may not land inside the operands. */
  for (offset = (unsigned)instruction->offset + 1; offset < instruction->end; offset++) {
    if (pass->heights[offset] != KC_UNKNOWN) {
      return kc_jump_error(pass, (long)offset, KC_VERIFY_JUMP_INSIDE_INSTRUCTION);
    }
  }
  error = kc_entry_height(pass, instruction->offset, &height);
  if (error != KC_VERIFY_OK) {
    return error;
  }
  pass->heights[instruction->offset] = (uint8_t)height;
  error = kc_check_operands(pass, instruction);
  if (error == KC_VERIFY_OK) {
    error = kc_check_place(pass, instruction);
  }
  if (error == KC_VERIFY_OK && instruction->opcode == KC_OP_CALL) {
    callee = kc_callee(pass, instruction, &error);
  }
  if (error == KC_VERIFY_OK) {
    error = kc_check_stack(pass, instruction, height, callee, &after);
  }
  if (error == KC_VERIFY_OK && instruction->jump_kind != 0) {
    error = kc_check_jump(pass, instruction, height - instruction->info.taken);
  }
  if (error != KC_VERIFY_OK) {
    return error;
  }
  pass->previous = instruction->offset;
  pass->previous_is_header = 0;
  pass->fall_through = (instruction->info.flags & KC_FLAG_ENDS) != 0 ? -1 : after;
  return KC_VERIFY_OK;
}

/* The whole code, then the function counts and the stack slots. */
static uint8_t kc_run_pass(struct kc_pass *pass, uint8_t functions, uint8_t scripts) {
  struct kc_instruction instruction;
  unsigned long offset = 0;
  uint8_t error = KC_VERIFY_OK;

  /* An empty program (no hat at all) is valid: no code, no function. */
  if (pass->code_size == 0 && functions == 0 && scripts == 0) {
    return KC_VERIFY_OK;
  }
  if (pass->code_size == 0 || kc_byte(pass, 0) != KC_OP_FUNCTION) {
    return kc_reject(pass, 0, KC_VERIFY_NO_FUNCTION_FIRST);
  }
  memset(pass->heights, KC_UNKNOWN, pass->code_size);
  while (offset < pass->code_size) {
    /* Problems are at the instruction unless a check names another offset. */
    pass->error_offset = (uint16_t)offset;
    if (!kc_decode(pass, (uint16_t)offset, &instruction, &error)) {
      return error;
    }
    if (instruction.opcode == KC_OP_FUNCTION) {
      error = kc_begin_function(pass, &instruction);
    } else {
      error = kc_check(pass, &instruction);
    }
    if (error != KC_VERIFY_OK) {
      return error;
    }
    offset = instruction.end;
  }
  error = kc_end_function(pass, pass->code_size);
  if (error != KC_VERIFY_OK) {
    return error;
  }
  if (pass->functions != functions) {
    return kc_reject(pass, 0, KC_VERIFY_FUNCTION_COUNT);
  }
  if (pass->scripts != scripts) {
    return kc_reject(pass, 0, KC_VERIFY_SCRIPT_COUNT);
  }
  if (pass->slots_exceeded) {
    return kc_reject(pass, pass->slots_offset, KC_VERIFY_STACK_SLOTS);
  }
  return KC_VERIFY_OK;
}

/* CRC-32 (IEEE, as zlib), bit by bit: no table to keep in flash or RAM. */
static uint32_t kc_crc_byte(uint32_t crc, uint8_t byte) {
  uint8_t bit;

  crc ^= byte;
  for (bit = 0; bit < 8; bit++) {
    crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return crc;
}

/* Rule 1: the image as stored, then what the board has room for. */
static uint8_t kc_check_header(const struct kc_board *board, const struct kc_platform *platform,
                               const uint8_t *header, uint32_t image_size) {
  uint16_t code_size;
  uint32_t crc = 0xFFFFFFFFu;
  uint32_t stored;
  uint32_t limit;
  uint16_t offset;
  uint8_t index;

  if (image_size < KC_HEADER_SIZE || header[0] != 0x4B || header[1] != 0x43) {
    return KC_VERIFY_NOT_AN_IMAGE;
  }
  if (header[2] != KC_FORMAT_VERSION) {
    return KC_VERIFY_VERSION;
  }
  code_size = (uint16_t)(header[4] | (unsigned)header[5] << 8);
  if ((uint32_t)code_size + KC_HEADER_SIZE != image_size) {
    return KC_VERIFY_TRUNCATED;
  }
  for (index = 0; index < 10; index++) {
    crc = kc_crc_byte(crc, header[index]);
  }
  for (offset = 0; offset < code_size; offset++) {
    crc = kc_crc_byte(crc, platform->read_code(platform->code, offset));
  }
  stored = (uint32_t)header[10] | (uint32_t)header[11] << 8 | (uint32_t)header[12] << 16 |
           (uint32_t)header[13] << 24;
  if ((crc ^ 0xFFFFFFFFu) != stored) {
    return KC_VERIFY_CRC;
  }
  if (header[3] != board->id) {
    return KC_VERIFY_WRONG_BOARD;
  }
  /* The header keeps the code size in 16 bits, whatever the board allows. */
  limit = board->max_program_bytes;
  if (limit > KC_HEADER_SIZE + 0xFFFFuL) {
    limit = KC_HEADER_SIZE + 0xFFFFuL;
  }
  if (image_size > limit) {
    return KC_VERIFY_TOO_LARGE;
  }
  if (header[6] > board->max_scripts) {
    return KC_VERIFY_TOO_MANY_SCRIPTS;
  }
  if (header[7] > board->max_globals) {
    return KC_VERIFY_TOO_MANY_GLOBALS;
  }
  if (header[9] > board->max_texts) {
    return KC_VERIFY_TOO_MANY_TEXTS;
  }
  return KC_VERIFY_OK;
}

uint8_t kc_verify(const struct kc_board *board, const struct kc_platform *platform,
                  const uint8_t *header, uint32_t image_size, uint8_t *table, uint16_t table_size,
                  uint16_t *offset) {
  struct kc_pass pass;
  uint8_t error;

  *offset = 0;
  error = kc_check_header(board, platform, header, image_size);
  if (error != KC_VERIFY_OK) {
    return error;
  }
  memset(&pass, 0, sizeof pass);
  pass.board = board;
  pass.platform = platform;
  pass.heights = table;
  pass.code_size = (uint16_t)(header[4] | (unsigned)header[5] << 8);
  pass.globals = header[7];
  pass.texts = header[9];
  if (pass.code_size > table_size) {
    return KC_VERIFY_NO_ROOM;
  }
  error = kc_run_pass(&pass, header[8], header[6]);
  *offset = error == KC_VERIFY_OK ? 0 : pass.error_offset;
  return error;
}
