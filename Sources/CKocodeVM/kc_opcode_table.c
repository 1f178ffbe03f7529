/* The opcode table as the VM reads it: one packed row of two bytes per
 * opcode (kc_internal.h gives the layout), made by the X-macro of
 * kc_opcodes.h (the one table), kept in flash on the AVR. */
#include "kc_internal.h"

/* The flag of kc_opcodes.h for an instruction that never falls through. */
#define KC_FLAG_ENDS 4

/* Laid out by hand: clang-format would push every backslash to the
 * column limit. */
/* clang-format off */

#define KC_IN(value, low, high) ((value) >= (low) && (value) <= (high))
#define KC_ARG_BYTES(kind) \
  ((kind) == 0 ? 0 \
   : (kind) == KC_ARG_I32 ? 4 \
   : ((kind) == KC_ARG_I16 || (kind) == KC_ARG_FWD16 || (kind) == KC_ARG_BACK16 || \
      (kind) == KC_ARG_FUNC) ? 2 \
   : 1)
#define KC_JUMP_OF(kind) \
  ((kind) == KC_ARG_FWD8 || (kind) == KC_ARG_FWD16 ? KC_JUMP_FORWARD \
   : (kind) == KC_ARG_BACK8 || (kind) == KC_ARG_BACK16 ? KC_JUMP_BACKWARD : KC_JUMP_NONE)
#define KC_WIDE_OF(kind) ((kind) == KC_ARG_FWD16 || (kind) == KC_ARG_BACK16)
#define KC_INDEX_OF(kind) \
  ((kind) == KC_ARG_GLOB ? KC_INDEX_GLOBAL \
   : (kind) == KC_ARG_LOC ? KC_INDEX_LOCAL \
   : (kind) == KC_ARG_OUT ? KC_INDEX_OUTPUT \
   : (kind) == KC_ARG_CHAN ? KC_INDEX_CHANNEL \
   : (kind) == KC_ARG_PIN ? KC_INDEX_PIN \
   : (kind) == KC_ARG_TEXT ? KC_INDEX_TEXT \
   : (kind) == KC_ARG_FUNC ? KC_INDEX_FUNCTION : KC_INDEX_NONE)

/* Each opcode must fit the packing below: its length the opcode byte
 * plus its operands, an index operand only first, a jump operand only
 * last (first or second), a taken jump popping 0 or 1 value. A table
 * change that breaks one stops the build here rather than corrupting a
 * row. */
#define KC_ROW_FITS(code, length, pops, pushes, taken, flags, k1, k2, k3, k4) \
  ((code) < KC_OPCODE_ROWS && KC_IN(length, 1, 7) && KC_IN(flags, 0, 7) && \
   KC_IN(pops, -1, 6) && KC_IN(pushes, -1, 2) && \
   (length) == 1 + KC_ARG_BYTES(k1) + KC_ARG_BYTES(k2) + KC_ARG_BYTES(k3) + \
     KC_ARG_BYTES(k4) && \
   KC_INDEX_OF(k2) == 0 && KC_INDEX_OF(k3) == 0 && KC_INDEX_OF(k4) == 0 && \
   KC_JUMP_OF(k3) == 0 && KC_JUMP_OF(k4) == 0 && \
   (KC_JUMP_OF(k1) == 0 || (k2) == 0) && \
   (KC_JUMP_OF(k1) != 0 || KC_JUMP_OF(k2) != 0 ? KC_IN(taken, 0, 1) : (taken) == -1))
#define KC_CHECK_ROW(name, ...) \
  typedef char kc_row_fits_##name[KC_ROW_FITS(__VA_ARGS__) ? 1 : -1];
KC_OPCODES(KC_CHECK_ROW)

#define KC_PACK_ROW(name, code, length, pops, pushes, taken, flags, k1, k2, k3, k4) \
  [code] = {(uint8_t)((length) | ((pops) + 1) << 3 | \
                      (((flags) & KC_FLAG_ENDS) != 0 ? KC_ROW_ENDS : 0) | \
                      (KC_WIDE_OF(k1) || KC_WIDE_OF(k2) ? KC_ROW_WIDE : 0)), \
            (uint8_t)(((pushes) + 1) | (KC_JUMP_OF(k1) | KC_JUMP_OF(k2)) << 2 | \
                      ((taken) == 1) << 4 | KC_INDEX_OF(k1) << 5)},

/* clang-format on */

const uint8_t kc_opcode_rows[KC_OPCODE_ROWS][2] KC_FLASH = {KC_OPCODES(KC_PACK_ROW)};

uint8_t kc_opcode_length(uint8_t opcode) {
  if (opcode >= KC_OPCODE_ROWS) {
    return 0;
  }
  return (uint8_t)KC_ROW_LENGTH(kc_flash_byte(&kc_opcode_rows[opcode][0]));
}
