/* What the VM's own files share: the opcode table in the form they read
 * it, arithmetic, and the machine's inner steps. Not for the firmware. */
#ifndef KC_INTERNAL_H
#define KC_INTERNAL_H

#include "kc_vm_state.h"

/* The AVR keeps constant tables in flash, read with pgm_read_byte: the
 * opcode table would otherwise take RAM. */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define KC_FLASH               PROGMEM
#define kc_flash_byte(address) pgm_read_byte(address)
#else
#define KC_FLASH
#define kc_flash_byte(address) (*(address))
#endif

/* Keeps a helper out of line: on the AVR every inlined 64-bit step costs
 * flash, while a call costs a few bytes. */
#if defined(__GNUC__)
#define KC_NOINLINE __attribute__((noinline))
#else
#define KC_NOINLINE
#endif

#define KC_TIME_MAX INT64_MAX
/* The longest run: half of int64, so adding any wait or period to a time
 * before the limit cannot overflow. */
#define KC_LONGEST_RUN_US (INT64_MAX / 2)
/* Offsets stay 16-bit: an instruction starting below this size ends, with
 * its operands, within 16 bits. */
#define KC_MAX_CODE_SIZE 65527u

/* A code byte below the code size. A build may read its code store in
 * place (the firmware reads EEPROM directly): a hook call per byte is a
 * large part of an instruction's cost on the AVR. */
#ifndef KC_READ_CODE
#define KC_READ_CODE(platform, offset) (platform)->read_code((platform)->code, (offset))
#endif

/* ---- The opcode table, packed from the X-macro of kc_opcodes.h ---- */

/* The table ends at the highest opcode: the rows past it would be flash
 * for nothing. kc_opcode_table.c stops the build if an opcode is higher. */
#define KC_OPCODE_ROWS (KC_OP_PRINT_BOOL + 1)

/* Flags of the table. */
#define KC_FLAG_YIELDS 1
#define KC_FLAG_SLEEPS 2
#define KC_FLAG_ENDS   4

/* The packed row of an opcode: 0 when no opcode has that byte. */
struct kc_opcode_info {
  uint8_t length;
  uint8_t flags;
  /* -1: the callee decides (CALL). */
  int8_t pops;
  int8_t pushes;
  /* -1: no branch. */
  int8_t taken;
  uint8_t kinds[4];
};

/* The packed rows (kc_opcode_table.c gives the layout): the dispatch loop
 * reads an instruction's length and pops from them in place. */
extern const uint8_t kc_opcode_rows[KC_OPCODE_ROWS][4] KC_FLASH;

/* Reads the row of `opcode`; returns 0 for a byte that is no opcode. */
uint8_t kc_opcode_info(uint8_t opcode, struct kc_opcode_info *info);
/* The length of `opcode`, 0 for a byte that is no opcode. */
uint8_t kc_opcode_length(uint8_t opcode);
/* The values `opcode` pops, 0 for CALL (its callee decides) and for a byte
 * that is no opcode. */
uint8_t kc_opcode_pops(uint8_t opcode);
/* Bytes an operand of this kind takes. */
uint8_t kc_operand_size(uint8_t kind);

/* ---- Arithmetic (language.md section 5): 0 or a KC_ERR_* code ---- */

int32_t kc_wrap(uint32_t value);
uint8_t kc_divide(int32_t a, int32_t b, int32_t *result);
uint8_t kc_modulo(int32_t a, int32_t b, int32_t *result);
uint8_t kc_power(int32_t base, int32_t exponent, int32_t *result);
uint8_t kc_square_root(int32_t value, int32_t *result);
uint8_t kc_map(const int32_t *operands, int32_t *result);
int32_t kc_random(uint32_t *state, int32_t from, int32_t to);
/* A wait of `count` units of `unit_ms` milliseconds, in microseconds. */
int64_t kc_wait_us(int32_t count, int32_t unit_ms);
/* The first grid point strictly after `time`. */
int64_t kc_next_grid(int64_t time);

/* ---- Board times ---- */

/* 64-bit times compared through pointers, out of line: on the AVR each
 * inlined 64-bit comparison costs tens of bytes of flash. */
uint8_t kc_before(const int64_t *a, const int64_t *b);
/* The earlier of two times. */
const int64_t *kc_earlier(const int64_t *a, const int64_t *b);

/* ---- The machine's inner steps ---- */

/* A code byte; 0 (FUNCTION, which never runs) past the end of the code. */
uint8_t kc_code(const struct kc_vm *vm, uint16_t offset);

/* How a task's turn on the machine ended. */
enum kc_slice_end {
  KC_SLICE_YIELDED = 0,
  KC_SLICE_ENDED = 1,
  KC_SLICE_STOPPED_ALL = 2,
  KC_SLICE_FAILED = 3,
  KC_SLICE_TIME_LIMIT = 4
};

/* Runs task `index` until it gives way, sleeps, ends, stops everything,
 * fails, or meets the limit (kc_dispatch.c). */
uint8_t kc_run_slice(struct kc_vm *vm, uint8_t index);

/* The first task after `last` in script order, wrapping around, that has
 * not ended and whose wake-up time has come; KC_NO_TASK when none. */
uint8_t kc_ready_after(const struct kc_vm *vm, uint8_t last);
/* Puts a task at its script's first instruction with a fresh entry frame. */
void kc_enter_script(struct kc_vm *vm, struct kc_task *task);
/* The next board event: the pump's cut-off or its next tank check. */
const int64_t *kc_board_event(const struct kc_vm *vm);
/* When the dispatch loop must stop and look: a board event or the limit. */
void kc_next_check(const struct kc_vm *vm, int64_t *next);
/* Handles every board event due at or before *now. */
void kc_handle_board_events(struct kc_vm *vm, const int64_t *now);
/* An instruction writes an output: KC_ERR_BAD_INSTRUCTION for an output the
 * board does not have, else 0. */
uint8_t kc_set_output(struct kc_vm *vm, uint8_t output, int32_t value, int64_t time);
/* A sensor block's value at `time` (tank and button as 0 or 1). */
int32_t kc_read_sensor(const struct kc_vm *vm, uint8_t sensor, int64_t time);
int32_t kc_read_analog(const struct kc_vm *vm, uint8_t channel, int64_t time);
int32_t kc_read_digital(const struct kc_vm *vm, uint8_t pin, int64_t time);
/* Hands one event to the trace hook. */
void kc_emit(const struct kc_vm *vm, uint8_t kind, uint8_t index, uint8_t code, int32_t value,
             int64_t time);

#endif
