/* The VM's capacity for one board, from the board file: the Makefile
 * includes this header before every source (-include), so that the C VM's
 * kc_config.h and the firmware glue see the same numbers. */
#ifndef KC_FW_CAPACITY_H
#define KC_FW_CAPACITY_H

#include "kc_board_config.h"

#define KC_MAX_SCRIPTS KC_LIMIT_SCRIPTS
#define KC_MAX_GLOBALS KC_LIMIT_GLOBALS
#define KC_STACK_SLOTS KC_LIMIT_STACK_SLOTS
#define KC_MAX_OUTPUTS KC_OUTPUT_COUNT

/* Channels A0..A15 and pins D0..D15 fit the VM's two-byte masks. */
#define KC_PIN_MASK_BYTES 2

/* The VM reads its code straight from EEPROM: platform->code is the
 * EEPROM address of the image's code. A hook call per code byte would
 * cost more than the read itself. */
#if defined(__AVR__)
#include <avr/io.h>
#include <stdint.h>

/* Always inlined: a call would cost more than the read (the VM reads a
 * code byte or more per instruction). */
__attribute__((always_inline)) static inline uint8_t kc_fw_read_code(const void *code,
                                                                     unsigned offset) {
  /* An EEPROM write in progress must end before a read. */
  while (EECR & (1 << EEPE)) {
  }
  EEAR = (uint16_t)((uintptr_t)code + offset);
  /* A plain write (one OUT): nothing else uses EECR's other bits while
   * no write runs. */
  EECR = 1 << EERE;
  return EEDR;
}

#define KC_READ_CODE(platform, offset) kc_fw_read_code((platform)->code, (offset))
#endif

#endif
