/* The board's verifier: docs/bytecode.md section 4 in one linear pass over
 * the code, with one byte of table per code byte and a few numbers about
 * the current function. It accepts and refuses exactly the images the
 * Swift verifier does, and names the same offset. Offsets and heights stay
 * within 16 bits: on the AVR wider numbers cost flash at every step. */
#include <string.h>

#include "kc_internal.h"

/* The table's mark for an offset no edge has reached yet. */
#define KC_UNKNOWN 0xFF
/* Once a function is checked its part of the table is no longer read for
 * heights: it is rewritten to 0, with KC_HEADER on the header, so that
 * CALL can tell an earlier function's header from any other offset. */
#define KC_HEADER 1
/* The function kind byte of a script. */
#define KC_KIND_SCRIPT 2

/* The FOR_* opcodes follow one another (they use two local slots). */
typedef char
    kc_for_order[(KC_OP_FOR_TEST - KC_OP_FOR_PREP == 1 && KC_OP_FOR_TEST_W - KC_OP_FOR_PREP == 2 &&
                  KC_OP_FOR_NEXT - KC_OP_FOR_PREP == 3 && KC_OP_FOR_NEXT_W - KC_OP_FOR_PREP == 4)
                     ? 1
                     : -1];
/* The hats that only scripts hold follow one another, WHEN_WAIT to
 * EVERY_NEXT_W. */
typedef char kc_hat_order[(KC_OP_WHEN_FIRE - KC_OP_WHEN_WAIT == 1 &&
                           KC_OP_WHEN_FIRE_W - KC_OP_WHEN_WAIT == 2 &&
                           KC_OP_EVERY_BEGIN - KC_OP_WHEN_WAIT == 3 &&
                           KC_OP_EVERY_NEXT - KC_OP_WHEN_WAIT == 4 &&
                           KC_OP_EVERY_NEXT_W - KC_OP_WHEN_WAIT == 5)
                              ? 1
                              : -1];

/* One decoded instruction. */
struct kc_instruction {
  uint16_t offset;
  uint16_t end;
  uint8_t opcode;
  uint8_t row0;
  uint8_t row1;
  /* The first operand byte (0 for none). */
  uint8_t index;
  /* The jump's distance (0 when it does not jump). */
  uint16_t distance;
};

struct kc_pass {
  const struct kc_board *board;
  const struct kc_platform *platform;
  uint8_t *heights;
  uint16_t code_size;
  uint8_t globals;
  uint8_t texts;
  /* The current function: header, first instruction, params + locals,
   * declared need, kind. */
  uint16_t header;
  uint16_t body;
  uint16_t slots;
  uint8_t params;
  uint8_t need;
  uint8_t kind;
  uint16_t functions;
  uint16_t scripts;
  /* The previous instruction: the current function's header at its start. */
  uint16_t previous;
  uint8_t previous_is_header;
  /* Height after the previous instruction; -1 when it never falls through. */
  int16_t fall_through;
  /* The furthest forward jump target in the current function, 0 for none
   * (a forward jump lands after its own offset). */
  uint16_t furthest;
  /* The scripts' needs so far, and the first script where they overflow
   * the board's stack slots (reported only if the pass finds nothing). */
  uint16_t script_slots;
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

/* Decodes the instruction at `offset`: KC_VERIFY_OK, or
 * KC_VERIFY_UNKNOWN_OPCODE, or KC_VERIFY_OPERANDS_PAST_END. */
static uint8_t kc_decode(const struct kc_pass *pass, uint16_t offset,
                         struct kc_instruction *instruction) {
  uint8_t opcode = kc_byte(pass, offset);
  uint8_t length;

  instruction->offset = offset;
  instruction->opcode = opcode;
  if (opcode >= KC_OPCODE_ROWS) {
    return KC_VERIFY_UNKNOWN_OPCODE;
  }
  instruction->row0 = kc_flash_byte(&kc_opcode_rows[opcode][0]);
  instruction->row1 = kc_flash_byte(&kc_opcode_rows[opcode][1]);
  length = (uint8_t)KC_ROW_LENGTH(instruction->row0);
  if (length == 0) {
    return KC_VERIFY_UNKNOWN_OPCODE;
  }
  if (length > pass->code_size - offset) {
    return KC_VERIFY_OPERANDS_PAST_END;
  }
  offset = (uint16_t)(offset + length);
  instruction->end = offset;
  instruction->index = length > 1 ? kc_byte(pass, (uint16_t)(instruction->offset + 1)) : 0;
  instruction->distance = 0;
  /* The jump operand ends the instruction. */
  if (KC_ROW_JUMP(instruction->row1) != KC_JUMP_NONE) {
    instruction->distance = kc_byte(pass, (uint16_t)(offset - 1));
    if ((instruction->row0 & KC_ROW_WIDE) != 0) {
      instruction->distance =
          (uint16_t)(instruction->distance << 8 | kc_byte(pass, (uint16_t)(offset - 2)));
    }
  }
  return KC_VERIFY_OK;
}

/* The error for a forward jump that lands at a bad `target`, named after
 * the jump. Only the table remembers targets, so this decodes the current
 * function again to find it: a cost paid on error only. Every jump it
 * decodes has passed its own checks: its target lies in the code. */
static uint8_t kc_jump_error(struct kc_pass *pass, uint16_t target, uint8_t error) {
  struct kc_instruction instruction;
  uint16_t offset = pass->body;

  while (offset < target && kc_decode(pass, offset, &instruction) == KC_VERIFY_OK) {
    if (KC_ROW_JUMP(instruction.row1) == KC_JUMP_FORWARD && target >= instruction.end &&
        target - instruction.end == instruction.distance) {
      return kc_reject(pass, instruction.offset, error);
    }
    offset = instruction.end;
  }
  return kc_reject(pass, target, error);
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
  if (pass->furthest >= end) {
    return kc_jump_error(pass, pass->furthest, KC_VERIFY_JUMP_OUTSIDE_FUNCTION);
  }
  memset(pass->heights + pass->header, 0, (size_t)(end - pass->header));
  pass->heights[pass->header] = KC_HEADER;
  return KC_VERIFY_OK;
}

/* A header closes the previous function and opens the next. */
static uint8_t kc_begin_function(struct kc_pass *pass, const struct kc_instruction *header) {
  uint16_t offset = header->offset;
  uint8_t params = header->index;
  uint8_t kind = kc_byte(pass, (uint16_t)(offset + 4));
  uint8_t error;

  if (pass->functions > 0) {
    error = kc_end_function(pass, offset);
    if (error != KC_VERIFY_OK) {
      return error;
    }
  }
  if (kind > KC_KIND_SCRIPT) {
    return KC_VERIFY_UNKNOWN_KIND;
  }
  /* A task starts with no arguments: parameter slots would hold garbage. */
  if (kind == KC_KIND_SCRIPT && params != 0) {
    return KC_VERIFY_SCRIPT_PARAMETERS;
  }
  if (kind != KC_KIND_SCRIPT && pass->functions > 0 && pass->kind == KC_KIND_SCRIPT) {
    return KC_VERIFY_PROCEDURE_AFTER_SCRIPTS;
  }
  pass->header = offset;
  pass->body = header->end;
  pass->params = params;
  pass->slots = (uint16_t)(params + kc_byte(pass, (uint16_t)(offset + 2)));
  pass->need = kc_byte(pass, (uint16_t)(offset + 3));
  pass->kind = kind;
  pass->functions++;
  if (kind == KC_KIND_SCRIPT) {
    pass->scripts++;
    /* Counted up to the board's slots only: the first script past them
     * is the one to name. */
    if (!pass->slots_exceeded) {
      if (pass->need > pass->board->stack_slots - pass->script_slots) {
        pass->slots_exceeded = 1;
        pass->slots_offset = offset;
      } else {
        pass->script_slots = (uint16_t)(pass->script_slots + pass->need);
      }
    }
  }
  pass->previous = offset;
  pass->previous_is_header = 1;
  pass->fall_through = -1;
  pass->furthest = 0;
  return KC_VERIFY_OK;
}

/* ---- Operands and places (rule 3) ---- */

static int kc_in_mask(const uint8_t *mask, unsigned bytes, unsigned value) {
  return value / 8 < bytes && (mask[value / 8] >> (value % 8) & 1) != 0;
}

/* The first operand names something that exists. */
static uint8_t kc_check_index(const struct kc_pass *pass,
                              const struct kc_instruction *instruction) {
  const struct kc_board *board = pass->board;
  unsigned value = instruction->index;
  uint8_t opcode = instruction->opcode;

  switch (KC_ROW_INDEX(instruction->row1)) {
  case KC_INDEX_GLOBAL:
    return value < pass->globals ? KC_VERIFY_OK : KC_VERIFY_GLOBAL;
  case KC_INDEX_LOCAL:
    /* FOR_* keep the end in slot `loc` and the step in `loc + 1`. */
    value += opcode >= KC_OP_FOR_PREP && opcode <= KC_OP_FOR_NEXT_W;
    return value < pass->slots ? KC_VERIFY_OK : KC_VERIFY_LOCAL;
  case KC_INDEX_OUTPUT:
    if (value >= board->output_count) {
      return KC_VERIFY_OUTPUT;
    }
    return opcode != KC_OP_PWM_WRITE || kc_in_mask(board->pwm_outputs, KC_OUTPUT_MASK_BYTES, value)
               ? KC_VERIFY_OK
               : KC_VERIFY_NOT_PWM;
  case KC_INDEX_CHANNEL:
    return kc_in_mask(board->analog_channels, KC_PIN_MASK_BYTES, value) ? KC_VERIFY_OK
                                                                        : KC_VERIFY_CHANNEL;
  case KC_INDEX_PIN:
    return kc_in_mask(board->digital_pins, KC_PIN_MASK_BYTES, value) ? KC_VERIFY_OK : KC_VERIFY_PIN;
  case KC_INDEX_TEXT:
    return value < pass->texts ? KC_VERIFY_OK : KC_VERIFY_TEXT;
  default:
    return KC_VERIFY_OK;
  }
}

/* Returns only where a return means something, hats and END only in
 * scripts; STOP_* anywhere (they act on the calling script). A caller of
 * a kind-1 procedure counts on the value: RET is not enough. */
static uint8_t kc_check_place(const struct kc_pass *pass, uint8_t opcode) {
  uint8_t kind;

  if (opcode == KC_OP_RET) {
    kind = 0;
  } else if (opcode == KC_OP_RET_V) {
    kind = 1;
  } else if (opcode == KC_OP_END || (opcode >= KC_OP_WHEN_WAIT && opcode <= KC_OP_EVERY_NEXT_W)) {
    kind = KC_KIND_SCRIPT;
  } else {
    return KC_VERIFY_OK;
  }
  return pass->kind == kind ? KC_VERIFY_OK : KC_VERIFY_NOT_ALLOWED_HERE;
}

/* ---- Stack heights, needs and jumps (rules 4 to 6) ---- */

/* CALL names the header of an earlier procedure; its pops, pushes and
 * the callee's need replace the table's. The current function's header
 * is no target: calling it would recurse. */
static uint8_t kc_check_call(const struct kc_pass *pass, const struct kc_instruction *instruction,
                             int16_t height, int16_t *pops, int16_t *pushes, int16_t *need) {
  uint16_t target =
      (uint16_t)(instruction->index | kc_byte(pass, (uint16_t)(instruction->offset + 2)) << 8);
  uint8_t kind;

  if (target >= pass->header || pass->heights[target] != KC_HEADER) {
    return KC_VERIFY_CALL_TARGET;
  }
  kind = kc_byte(pass, (uint16_t)(target + 4));
  if (kind == KC_KIND_SCRIPT) {
    return KC_VERIFY_CALL_SCRIPT;
  }
  *pops = kc_byte(pass, (uint16_t)(target + 1));
  *pushes = kind == 1;
  /* The callee's frame starts at its first argument, counted in `height`. */
  *need = (int16_t)(height - *pops + kc_byte(pass, (uint16_t)(target + 3)));
  return KC_VERIFY_OK;
}

static uint8_t kc_check_jump(struct kc_pass *pass, const struct kc_instruction *instruction,
                             int16_t height) {
  uint16_t end = instruction->end;
  uint16_t distance = instruction->distance;
  uint16_t target;
  uint8_t mark;

  if (KC_ROW_JUMP(instruction->row1) == KC_JUMP_BACKWARD) {
    target = (uint16_t)(end - distance);
    if (distance <= end && target > instruction->offset) {
      return KC_VERIFY_JUMP_NOT_BACK;
    }
    if (distance > end || target < pass->body) {
      return KC_VERIFY_JUMP_OUTSIDE_FUNCTION;
    }
    /* Every instruction start behind has a height; operand bytes have none. */
    mark = pass->heights[target];
    if (mark == KC_UNKNOWN) {
      return KC_VERIFY_JUMP_INSIDE_INSTRUCTION;
    }
    return mark == height ? KC_VERIFY_OK : KC_VERIFY_HEIGHT_MISMATCH;
  }
  /* end + distance >= code size, without overflowing 16 bits. */
  if (distance >= pass->code_size - end) {
    return KC_VERIFY_JUMP_OUTSIDE_CODE;
  }
  if (height < 0) {
    return KC_VERIFY_UNDERFLOW;
  }
  target = (uint16_t)(end + distance);
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
  uint16_t offset = instruction->offset;
  uint8_t row0 = instruction->row0;
  uint8_t row1 = instruction->row1;
  int16_t pops = (int16_t)(KC_ROW_POPS(row0) - 1);
  int16_t pushes = (int16_t)(KC_ROW_PUSHES(row1) - 1);
  int16_t call_need = 0;
  int16_t height;
  int16_t after;
  uint8_t mark;
  uint8_t error;

  /* A forward jump seen earlier may not land inside the operands. */
  while (++offset < instruction->end) {
    if (pass->heights[offset] != KC_UNKNOWN) {
      return kc_jump_error(pass, offset, KC_VERIFY_JUMP_INSIDE_INSTRUCTION);
    }
  }

  /* The one height an offset gets: from the fall-through edge, a forward
   * jump, or 0 for code nothing reached yet. */
  offset = instruction->offset;
  mark = pass->heights[offset];
  height = pass->fall_through;
  if (height < 0) {
    height = mark == KC_UNKNOWN ? 0 : mark;
  } else if (mark != KC_UNKNOWN && mark != height) {
    return KC_VERIFY_HEIGHT_MISMATCH;
  } else if (height >= KC_UNKNOWN) {
    /* The need check keeps every height at most 254, below the mark. */
    return KC_VERIFY_HEIGHT_TOO_LARGE;
  }
  pass->heights[offset] = (uint8_t)height;

  error = kc_check_index(pass, instruction);
  if (error == KC_VERIFY_OK) {
    error = kc_check_place(pass, instruction->opcode);
  }
  if (error == KC_VERIFY_OK && instruction->opcode == KC_OP_CALL) {
    error = kc_check_call(pass, instruction, height, &pops, &pushes, &call_need);
  }
  if (error != KC_VERIFY_OK) {
    return error;
  }

  /* Pops available, and the need within the declared need. */
  if (height < pops) {
    return KC_VERIFY_UNDERFLOW;
  }
  after = (int16_t)(height - pops + pushes);
  if (call_need < after) {
    call_need = after;
  }
  if (call_need < height) {
    call_need = height;
  }
  if (pass->slots + 1 + call_need > pass->need) {
    return KC_VERIFY_NEED;
  }

  if (KC_ROW_JUMP(row1) != KC_JUMP_NONE) {
    error = kc_check_jump(pass, instruction, (int16_t)(height - KC_ROW_TAKEN(row1)));
    if (error != KC_VERIFY_OK) {
      return error;
    }
  }
  pass->previous = offset;
  pass->previous_is_header = 0;
  pass->fall_through = (row0 & KC_ROW_ENDS) != 0 ? -1 : after;
  return KC_VERIFY_OK;
}

/* The whole code, then the function counts and the stack slots. */
static uint8_t kc_run_pass(struct kc_pass *pass, uint8_t functions, uint8_t scripts) {
  struct kc_instruction instruction;
  uint16_t offset = 0;
  uint8_t error;

  /* An empty program (no hat at all) is valid: no code, no function. */
  if (pass->code_size == 0 && functions == 0 && scripts == 0) {
    return KC_VERIFY_OK;
  }
  if (pass->code_size == 0 || kc_byte(pass, 0) != KC_OP_FUNCTION) {
    return KC_VERIFY_NO_FUNCTION_FIRST;
  }
  memset(pass->heights, KC_UNKNOWN, pass->code_size);
  while (offset < pass->code_size) {
    /* Problems are at the instruction unless a check names another offset. */
    pass->error_offset = offset;
    error = kc_decode(pass, offset, &instruction);
    if (error == KC_VERIFY_OK) {
      error = instruction.opcode == KC_OP_FUNCTION ? kc_begin_function(pass, &instruction)
                                                   : kc_check(pass, &instruction);
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
  pass->error_offset = 0;
  if (pass->functions != functions) {
    return KC_VERIFY_FUNCTION_COUNT;
  }
  if (pass->scripts != scripts) {
    return KC_VERIFY_SCRIPT_COUNT;
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
  uint16_t code_size = (uint16_t)(header[4] | (unsigned)header[5] << 8);
  uint32_t crc = 0xFFFFFFFFu;
  uint32_t limit;
  uint16_t offset;
  uint8_t index;

  if (image_size < KC_HEADER_SIZE || header[0] != 0x4B || header[1] != 0x43) {
    return KC_VERIFY_NOT_AN_IMAGE;
  }
  if (header[2] != KC_FORMAT_VERSION) {
    return KC_VERIFY_VERSION;
  }
  if ((uint32_t)code_size + KC_HEADER_SIZE != image_size) {
    return KC_VERIFY_TRUNCATED;
  }
  for (index = 0; index < 10; index++) {
    crc = kc_crc_byte(crc, header[index]);
  }
  for (offset = 0; offset < code_size; offset++) {
    crc = kc_crc_byte(crc, platform->read_code(platform->code, offset));
  }
  /* The stored CRC, little endian, compared byte by byte. */
  crc = ~crc;
  for (index = 10; index < KC_HEADER_SIZE; index++) {
    if (header[index] != (uint8_t)crc) {
      return KC_VERIFY_CRC;
    }
    crc >>= 8;
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
  if (error != KC_VERIFY_OK) {
    *offset = pass.error_offset;
  }
  return error;
}
