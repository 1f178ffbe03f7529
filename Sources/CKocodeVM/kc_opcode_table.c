/* The opcode table as the VM reads it: one packed row of four bytes per
 * opcode, made by the X-macro of kc_opcodes.h (the one table), kept in
 * flash on the AVR. */
#include "kc_internal.h"

/* Laid out by hand: clang-format would push every backslash to the
 * column limit. */
/* clang-format off */

/* Each opcode must fit the packing below, and its length must be the
 * opcode byte plus its operands: a table change that breaks either stops
 * the build here rather than corrupting a row. */
#define KC_IN(value, low, high) ((value) >= (low) && (value) <= (high))
#define KC_ARG_BYTES(kind) \
  ((kind) == 0 ? 0 \
   : (kind) == KC_ARG_I32 ? 4 \
   : ((kind) == KC_ARG_I16 || (kind) == KC_ARG_FWD16 || (kind) == KC_ARG_BACK16 || \
      (kind) == KC_ARG_FUNC) ? 2 \
   : 1)
#define KC_ROW_FITS(code, length, pops, pushes, taken, flags, k1, k2, k3, k4) \
  ((code) < KC_OPCODE_ROWS && KC_IN(length, 1, 7) && KC_IN(flags, 0, 7) && \
   KC_IN(pops, -1, 6) && KC_IN(pushes, -1, 2) && KC_IN(taken, -1, 2) && \
   (length) == 1 + KC_ARG_BYTES(k1) + KC_ARG_BYTES(k2) + KC_ARG_BYTES(k3) + KC_ARG_BYTES(k4))
#define KC_CHECK_ROW(name, ...) \
  typedef char kc_row_fits_##name[KC_ROW_FITS(__VA_ARGS__) ? 1 : -1];
KC_OPCODES(KC_CHECK_ROW)

/* Byte 0: length (bits 0-2), flags (bits 3-5). Byte 1: pops + 1 (bits
 * 0-2), pushes + 1 (bits 3-4), taken + 1 (bits 5-6). Bytes 2-3: the four
 * operand kinds, four bits each. A row of zeros is no opcode. */
#define KC_PACK_ROW(name, code, length, pops, pushes, taken, flags, k1, k2, k3, k4) \
  [code] = {(uint8_t)((length) | ((flags) << 3)), \
            (uint8_t)(((pops) + 1) | (((pushes) + 1) << 3) | (((taken) + 1) << 5)), \
            (uint8_t)((k1) | ((k2) << 4)), (uint8_t)((k3) | ((k4) << 4))},

/* clang-format on */

const uint8_t kc_opcode_rows[KC_OPCODE_ROWS][4] KC_FLASH = {KC_OPCODES(KC_PACK_ROW)};

uint8_t kc_opcode_length(uint8_t opcode) {
  if (opcode >= KC_OPCODE_ROWS) {
    return 0;
  }
  return (uint8_t)(kc_flash_byte(&kc_opcode_rows[opcode][0]) & 7);
}

uint8_t kc_opcode_pops(uint8_t opcode) {
  uint8_t pops;

  if (opcode >= KC_OPCODE_ROWS) {
    return 0;
  }
  pops = (uint8_t)(kc_flash_byte(&kc_opcode_rows[opcode][1]) & 7);
  return pops == 0 ? 0 : (uint8_t)(pops - 1);
}

uint8_t kc_opcode_info(uint8_t opcode, struct kc_opcode_info *info) {
  uint8_t first;
  uint8_t stack;
  uint8_t kinds;

  if (opcode >= KC_OPCODE_ROWS) {
    return 0;
  }
  first = kc_flash_byte(&kc_opcode_rows[opcode][0]);
  if ((first & 7) == 0) {
    return 0;
  }
  stack = kc_flash_byte(&kc_opcode_rows[opcode][1]);
  info->length = (uint8_t)(first & 7);
  info->flags = (uint8_t)(first >> 3);
  info->pops = (int8_t)((stack & 7) - 1);
  info->pushes = (int8_t)(((stack >> 3) & 3) - 1);
  info->taken = (int8_t)(((stack >> 5) & 3) - 1);
  kinds = kc_flash_byte(&kc_opcode_rows[opcode][2]);
  info->kinds[0] = (uint8_t)(kinds & 15);
  info->kinds[1] = (uint8_t)(kinds >> 4);
  kinds = kc_flash_byte(&kc_opcode_rows[opcode][3]);
  info->kinds[2] = (uint8_t)(kinds & 15);
  info->kinds[3] = (uint8_t)(kinds >> 4);
  return 1;
}

uint8_t kc_operand_size(uint8_t kind) {
  switch (kind) {
  case 0:
    return 0;
  case KC_ARG_I16:
  case KC_ARG_FWD16:
  case KC_ARG_BACK16:
  case KC_ARG_FUNC:
    return 2;
  case KC_ARG_I32:
    return 4;
  default:
    return 1;
  }
}
