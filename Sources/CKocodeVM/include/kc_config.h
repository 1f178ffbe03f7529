/* The capacity of one build of the C VM. The firmware build sets these
 * from its board file (-DKC_MAX_SCRIPTS=4 ..., or through its
 * kc_board_config.h, below); the defaults hold the
 * greenhouse-uno numbers on the AVR and, on the host, anything the image
 * format can describe, so that the host VM runs every image the Swift VM
 * runs. */
#ifndef KC_CONFIG_H
#define KC_CONFIG_H

/* A firmware build that includes its kc_board_config.h first (generated
 * from board.json) gets that board's limits as the capacity. */
#if defined(KC_LIMIT_SCRIPTS) && !defined(KC_MAX_SCRIPTS)
#define KC_MAX_SCRIPTS KC_LIMIT_SCRIPTS
#endif
#if defined(KC_LIMIT_GLOBALS) && !defined(KC_MAX_GLOBALS)
#define KC_MAX_GLOBALS KC_LIMIT_GLOBALS
#endif
#if defined(KC_LIMIT_STACK_SLOTS) && !defined(KC_STACK_SLOTS)
#define KC_STACK_SLOTS KC_LIMIT_STACK_SLOTS
#endif
#if defined(KC_OUTPUT_COUNT) && !defined(KC_MAX_OUTPUTS)
#define KC_MAX_OUTPUTS KC_OUTPUT_COUNT
#endif

/* Scripts running at once: one task each. */
#ifndef KC_MAX_SCRIPTS
#if defined(__AVR__)
#define KC_MAX_SCRIPTS 4
#else
#define KC_MAX_SCRIPTS 255
#endif
#endif

/* Global variables. */
#ifndef KC_MAX_GLOBALS
#if defined(__AVR__)
#define KC_MAX_GLOBALS 32
#else
#define KC_MAX_GLOBALS 255
#endif
#endif

/* 32-bit stack slots shared by the tasks; the verifier borrows them as its
 * height table (one byte per code byte). 255 scripts of 255 slots on the
 * host. */
#ifndef KC_STACK_SLOTS
#if defined(__AVR__)
#define KC_STACK_SLOTS 120
#else
#define KC_STACK_SLOTS 65025
#endif
#endif

/* Outputs of the board definition. */
#ifndef KC_MAX_OUTPUTS
#if defined(__AVR__)
#define KC_MAX_OUTPUTS 8
#else
#define KC_MAX_OUTPUTS 255
#endif
#endif

/* Bytes of the board's analog-channel and digital-pin masks: channels and
 * pins from 0 to 8 * KC_PIN_MASK_BYTES - 1 can be declared. */
#ifndef KC_PIN_MASK_BYTES
#if defined(__AVR__)
#define KC_PIN_MASK_BYTES 2
#else
#define KC_PIN_MASK_BYTES 32
#endif
#endif

#define KC_OUTPUT_MASK_BYTES ((KC_MAX_OUTPUTS + 7) / 8)

/* 1: the code is copied into the stack slots no task uses, when it fits,
 * and the dispatch loop reads it there (a RAM read instead of an EEPROM
 * read on the board); 0: every code byte goes through read_code. */
#ifndef KC_CODE_COPY
#define KC_CODE_COPY 1
#endif

#if KC_MAX_SCRIPTS < 1 || KC_MAX_SCRIPTS > 255
#error "KC_MAX_SCRIPTS must be 1 to 255: the header keeps the script count in a byte"
#endif
#if KC_MAX_GLOBALS < 1 || KC_MAX_GLOBALS > 255
#error "KC_MAX_GLOBALS must be 1 to 255: a global index is one byte"
#endif
#if KC_STACK_SLOTS < 1 || KC_STACK_SLOTS > 65025
#error "KC_STACK_SLOTS must be 1 to 65025: at most 255 scripts of 255 slots"
#endif
#if KC_MAX_OUTPUTS < 1 || KC_MAX_OUTPUTS > 255
#error "KC_MAX_OUTPUTS must be 1 to 255: an output index is one byte"
#endif
#if KC_PIN_MASK_BYTES < 1 || KC_PIN_MASK_BYTES > 32
#error "KC_PIN_MASK_BYTES must be 1 to 32: a channel or pin number is one byte"
#endif

#endif
