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

#endif
