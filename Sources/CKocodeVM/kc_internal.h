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

/* A branch that a verified image takes rarely or never: the compiler lays
 * the common path out straight, a cycle less per branch on the AVR. */
#if defined(__GNUC__)
#define KC_UNLIKELY(condition) __builtin_expect((condition) != 0, 0)
#else
#define KC_UNLIKELY(condition) (condition)
#endif

/* The dispatch loop's fast path, in a build for size: avr-gcc lays -O2
 * code out by the branches' odds (the common path falls through), while
 * global CSE, PRE and loop-invariant motion would only raise the
 * register pressure of a loop that runs one instruction a turn
 * (measured with the cycle benchmark on the Uno: 59 instead of 75 cycles
 * per simple instruction, and 98 bytes less flash). */
#if defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#define KC_FAST_PATH                                                                               \
  __attribute__((optimize("O2", "no-gcse", "no-tree-pre", "no-move-loop-invariants")))
#else
#define KC_FAST_PATH
#endif

#define KC_TIME_MAX INT64_MAX
/* The longest run: half of int64, so adding any wait or period to a time
 * before the limit cannot overflow. */
#define KC_LONGEST_RUN_US (INT64_MAX / 2)
/* Offsets stay 16-bit: an instruction starting below this size ends, with
 * its operands, within 16 bits. */
#define KC_MAX_CODE_SIZE 65527u
/* The largest code the fast loop runs: there, an instruction's end plus a
 * short jump's distance stays within 16 bits, so one comparison checks a
 * target. Larger code, which no board holds, runs in kc_step alone. */
#define KC_FAST_CODE_SIZE 65279u

/* Zero bytes (FUNCTION, which never runs) after the copy of the code, so
 * that the fast loop reads it without a bound check. An instruction runs
 * only when it starts inside the code, and is at most 5 bytes long: the
 * next pc is at most 4 past the end, and the fast loop reads its opcode
 * and the byte after it. */
#define KC_CODE_PADDING 6

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

/* The packed rows (kc_opcode_table.c makes them): two bytes an opcode,
 * all zero when no opcode has that byte. The dispatch loop reads an
 * instruction's length and pops in place, the verifier the rest.
 * Byte 0: the length (bits 0-2), pops + 1 (bits 3-5; 0 for CALL, whose
 * callee decides), KC_ROW_ENDS and KC_ROW_WIDE. */
#define KC_ROW_LENGTH(row0) ((row0)&7)
#define KC_ROW_POPS(row0)   ((row0) >> 3 & 7)
/* The instruction never falls through. */
#define KC_ROW_ENDS 0x40
/* The jump operand is 16 bits wide (else 8). */
#define KC_ROW_WIDE 0x80
/* Byte 1: pushes + 1 (bits 0-1), the jump (bits 2-3: KC_JUMP_*), the
 * values the taken jump pops (bit 4), the first operand's index kind
 * (bits 5-7: KC_INDEX_*). A jump operand is always the last one, an
 * index operand always the first. */
#define KC_ROW_PUSHES(row1) ((row1)&3)
#define KC_ROW_JUMP(row1)   ((row1) >> 2 & 3)
#define KC_ROW_TAKEN(row1)  ((row1) >> 4 & 1)
#define KC_ROW_INDEX(row1)  ((row1) >> 5)

#define KC_JUMP_NONE        0
#define KC_JUMP_FORWARD     1
#define KC_JUMP_BACKWARD    2

/* What the first operand indexes, checked by the verifier. */
enum kc_index_kind {
  KC_INDEX_NONE = 0,
  KC_INDEX_GLOBAL = 1,
  KC_INDEX_LOCAL = 2,
  KC_INDEX_OUTPUT = 3,
  KC_INDEX_CHANNEL = 4,
  KC_INDEX_PIN = 5,
  KC_INDEX_TEXT = 6,
  KC_INDEX_FUNCTION = 7
};

extern const uint8_t kc_opcode_rows[KC_OPCODE_ROWS][2] KC_FLASH;

/* The length of `opcode`, 0 for a byte that is no opcode. */
uint8_t kc_opcode_length(uint8_t opcode);

/* ---- Arithmetic (language.md section 5): 0 or a KC_ERR_* code ---- */

int32_t kc_wrap(uint32_t value);
uint8_t kc_divide(int32_t a, int32_t b, int32_t *result);
uint8_t kc_modulo(int32_t a, int32_t b, int32_t *result);
uint8_t kc_power(int32_t base, int32_t exponent, int32_t *result);
uint8_t kc_square_root(int32_t value, int32_t *result);
uint8_t kc_map(const int32_t *operands, int32_t *result);
int32_t kc_random(uint32_t *state, int32_t from, int32_t to);
/* A wait of `count` units of `unit_ms` milliseconds (1, 1000 or 60000),
 * in milliseconds: 0 when not positive, at most KC_MAX_WAIT_MS. */
uint32_t kc_wait_ms(int32_t count, uint16_t unit_ms);
/* The low 32 bits of high:low / divisor, and the remainder in
 * *remainder: one small long division for times and MAP, in 32-bit
 * halves, instead of the compiler's 64-bit division. */
uint32_t kc_divide64(uint32_t high, uint32_t low, uint32_t divisor, uint32_t *remainder);

/* ---- Board times ---- */

/* Board times are 64-bit microseconds. Every step on them goes through
 * these helpers, out of line and through pointers: on the AVR each
 * inlined 64-bit step costs tens of bytes of flash. */
uint8_t kc_before(const int64_t *a, const int64_t *b);
/* The earlier of two times. */
const int64_t *kc_earlier(const int64_t *a, const int64_t *b);
/* *to = *from + amount × unit µs. */
void kc_time_after(int64_t *to, const int64_t *from, uint32_t amount, uint32_t unit);
/* The low 32 bits of *time / divisor, the remainder in *remainder. */
uint32_t kc_time_divide(const int64_t *time, uint32_t divisor, uint32_t *remainder);
/* *to = the first grid point strictly after *from; returns 1 when *from
 * is a grid point itself. */
uint8_t kc_next_grid(int64_t *to, const int64_t *from);

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
uint8_t kc_set_output(struct kc_vm *vm, uint8_t output, int32_t value, const int64_t *time);
/* A sensor block's value at `time` (tank and button as 0 or 1). */
int32_t kc_read_sensor(const struct kc_vm *vm, uint8_t sensor, const int64_t *time);
int32_t kc_read_analog(const struct kc_vm *vm, uint8_t channel, const int64_t *time);
int32_t kc_read_digital(const struct kc_vm *vm, uint8_t pin, const int64_t *time);
/* Hands one event to the trace hook. */
void kc_emit(const struct kc_vm *vm, uint8_t kind, uint8_t index, uint8_t code, int32_t value,
             const int64_t *time);

#endif
