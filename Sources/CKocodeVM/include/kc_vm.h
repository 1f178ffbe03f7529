/* The Kocode VM in portable C: the board's interpreter, also built for the
 * host. docs/bytecode.md is its specification, docs/c-vm.md describes this
 * implementation. No heap, no floating point, no recursion: the caller owns
 * every byte (struct kc_vm, see kc_vm_state.h) and supplies the hooks. */
#ifndef KC_VM_H
#define KC_VM_H

#include <stddef.h>
#include <stdint.h>

#include "kc_config.h"
#include "kc_opcodes.h"

/* The board, as its board file describes it. The firmware build generates
 * one constant of this type; the host fills one from a BoardDefinition. */
struct kc_board {
  /* Bytes of a board image, header included, that a program slot holds. */
  uint32_t max_program_bytes;
  /* Stack slots the scripts share (at most KC_STACK_SLOTS). */
  uint16_t stack_slots;
  /* The board id written in image headers. */
  uint16_t id;
  /* The pump's longest run; 0 or less: no limit. */
  int32_t pump_max_on_ms;
  uint8_t max_scripts;
  uint8_t max_globals;
  uint8_t max_texts;
  /* Outputs (at most KC_MAX_OUTPUTS); output operands index them. */
  uint8_t output_count;
  /* The pump's output index, or KC_NO_PUMP. */
  uint8_t pump;
  /* Analog inputs the board lists: ANALOG_READ checks its channel against
   * this count at run time, as the reference VM does. */
  uint8_t analog_count;
  /* Bit i of byte i / 8: output i can do PWM. */
  uint8_t pwm_outputs[KC_OUTPUT_MASK_BYTES];
  /* Bit c: analog channel Ac is on the board. */
  uint8_t analog_channels[KC_PIN_MASK_BYTES];
  /* Bit p: digital pin Dp is an input of the board. */
  uint8_t digital_pins[KC_PIN_MASK_BYTES];
};

#define KC_NO_PUMP 0xFF

/* Sensors, as the read_sensor hook names them. */
enum kc_sensor {
  KC_SENSOR_SOIL_MOISTURE = 0,
  KC_SENSOR_LIGHT = 1,
  KC_SENSOR_TEMPERATURE = 2,
  KC_SENSOR_TANK_EMPTY = 3,
  KC_SENSOR_BUTTON = 4
};

/* Trace events: numbers only. Texts, block ids and output names stay on
 * the computer, which finds them from the indices and the program counter. */
enum kc_event_kind {
  KC_EVENT_START = 1,        /* value: scripts in the header */
  KC_EVENT_OUTPUT = 2,       /* index: output; value: its new value */
  KC_EVENT_LOG_NUMBER = 3,   /* index: label text; value */
  KC_EVENT_LOG_BOOL = 4,     /* index: label text; value: 0 or 1 */
  KC_EVENT_PRINT_TEXT = 5,   /* index: message text */
  KC_EVENT_PRINT_NUMBER = 6, /* value */
  KC_EVENT_PRINT_BOOL = 7,   /* value: 0 or 1 */
  KC_EVENT_SAFETY = 8,       /* index: the pump's output; code: KC_RULE_* */
  KC_EVENT_ERROR = 9,        /* code: KC_ERR_*; pc: the failing instruction */
  KC_EVENT_END = 10          /* code: KC_END_* */
};

enum kc_safety_rule { KC_RULE_PUMP_MAX_ON = 1, KC_RULE_TANK_EMPTY = 2 };

/* Why a run ended; KC_END_NONE while it runs. */
enum kc_end_reason {
  KC_END_NONE = 0,
  KC_END_FINISHED = 1,
  KC_END_TIME_LIMIT = 2,
  KC_END_ERROR = 3,
  KC_END_STOPPED = 4
};

struct kc_event {
  /* Board time of the event in microseconds (traces show it / 1000). */
  int64_t time_us;
  int32_t value;
  uint16_t pc;
  uint8_t kind;
  uint8_t index;
  uint8_t code;
};

/* What the VM asks of its platform. Times are board time in microseconds,
 * asked in increasing order. Every hook but read_code may be NULL: a NULL
 * reader reads 0, a NULL writer is not told. */
struct kc_platform {
  /* A code byte at an offset below the header's code size (the VM never
   * asks for more): the board reads EEPROM, the host a buffer. */
  uint8_t (*read_code)(const void *code, uint16_t offset);
  const void *code;
  /* The value a sensor block reads: percent, whole degrees, or 0/1. */
  int32_t (*read_sensor)(void *context, uint8_t sensor, int64_t time_us);
  /* The raw reading 0..1023 of an analog channel (A0 = 0). */
  int32_t (*read_analog)(void *context, uint8_t channel, int64_t time_us);
  /* The level of a digital pin: nonzero = HIGH. */
  uint8_t (*read_digital)(void *context, uint8_t pin, int64_t time_us);
  /* An output changed: drive the pin (the firmware applies polarity). */
  void (*write_output)(void *context, uint8_t output, int32_t value, int64_t time_us);
  /* A trace event happened. */
  void (*trace)(void *context, const struct kc_event *event);
  void *context;
};

/* A read_code hook for code held in memory: `code` points at the code
 * (the bytes after the 14-byte header). */
uint8_t kc_read_code_from_memory(const void *code, uint16_t offset);

/* ---- Verification (docs/bytecode.md section 4) ---- */

/* Why an image is refused. */
enum kc_verify_error {
  KC_VERIFY_OK = 0,
  /* The image as stored: the checks of reading a .kbc file. */
  KC_VERIFY_NOT_AN_IMAGE = 1, /* shorter than a header, or no "KC" */
  KC_VERIFY_VERSION = 2,      /* another format version */
  KC_VERIFY_TRUNCATED = 3,    /* code size differs from the bytes that follow */
  KC_VERIFY_CRC = 4,          /* CRC-32 of header and code */
  KC_VERIFY_NO_ROOM = 5,      /* the height table is smaller than the code */
  /* Section 4 rule 1. */
  KC_VERIFY_WRONG_BOARD = 10,
  KC_VERIFY_TOO_LARGE = 11,
  KC_VERIFY_TOO_MANY_SCRIPTS = 12,
  KC_VERIFY_TOO_MANY_GLOBALS = 13,
  KC_VERIFY_TOO_MANY_TEXTS = 14,
  /* Rule 2: functions. */
  KC_VERIFY_NO_FUNCTION_FIRST = 20,
  KC_VERIFY_EMPTY_FUNCTION = 21,
  KC_VERIFY_FALLS_THROUGH = 22,
  KC_VERIFY_UNKNOWN_KIND = 23,
  KC_VERIFY_SCRIPT_PARAMETERS = 24,
  KC_VERIFY_PROCEDURE_AFTER_SCRIPTS = 25,
  KC_VERIFY_FUNCTION_COUNT = 26,
  KC_VERIFY_SCRIPT_COUNT = 27,
  /* Rule 3: instructions and operands. */
  KC_VERIFY_UNKNOWN_OPCODE = 30,
  KC_VERIFY_OPERANDS_PAST_END = 31,
  KC_VERIFY_GLOBAL = 32,
  KC_VERIFY_LOCAL = 33,
  KC_VERIFY_OUTPUT = 34,
  KC_VERIFY_NOT_PWM = 35,
  KC_VERIFY_CHANNEL = 36,
  KC_VERIFY_PIN = 37,
  KC_VERIFY_TEXT = 38,
  KC_VERIFY_NOT_ALLOWED_HERE = 39,
  KC_VERIFY_CALL_TARGET = 40,
  KC_VERIFY_CALL_SCRIPT = 41,
  /* Rule 4: jumps. */
  KC_VERIFY_JUMP_OUTSIDE_CODE = 50,
  KC_VERIFY_JUMP_OUTSIDE_FUNCTION = 51,
  KC_VERIFY_JUMP_INSIDE_INSTRUCTION = 52,
  KC_VERIFY_JUMP_NOT_BACK = 53,
  /* Rules 5 and 6: stack heights and needs. */
  KC_VERIFY_HEIGHT_MISMATCH = 60,
  KC_VERIFY_HEIGHT_TOO_LARGE = 61,
  KC_VERIFY_UNDERFLOW = 62,
  KC_VERIFY_NEED = 63,
  KC_VERIFY_STACK_SLOTS = 64
};

/* Verifies a board image: `header` is its first KC_HEADER_SIZE bytes,
 * `image_size` the bytes stored (header and code), the code is read
 * through platform->read_code. `table` holds one byte per code byte (the
 * board lends its stack slots: kc_vm_verify). Returns KC_VERIFY_OK or the
 * first problem, and its code offset in *offset (0 for header problems). */
uint8_t kc_verify(const struct kc_board *board, const struct kc_platform *platform,
                  const uint8_t *header, uint32_t image_size, uint8_t *table, uint16_t table_size,
                  uint16_t *offset);

/* ---- The machine ---- */

/* The machine's state; its layout is in kc_vm_state.h, for the firmware
 * to allocate it statically. */
struct kc_vm;

/* sizeof(struct kc_vm) in this build. */
size_t kc_vm_size(void);

/* kc_verify with the stack slots of `vm` as the height table, before
 * kc_vm_init (which lays the tasks out in them). */
uint8_t kc_vm_verify(struct kc_vm *vm, const struct kc_board *board,
                     const struct kc_platform *platform, const uint8_t *header, uint32_t size,
                     uint16_t *offset);

enum kc_init_result {
  KC_INIT_OK = 0,
  /* The board has more outputs than this build holds (KC_MAX_OUTPUTS). */
  KC_INIT_BOARD_TOO_LARGE = 1
};

/* Prepares a run of the image whose header is `header` (code through
 * platform->read_code). `seed` is the xorshift32 state (0 counts as 1).
 * An image the VM cannot lay out fails at the first run, at time 0, as
 * docs/bytecode.md section 9 says. Board and platform must outlive vm. */
uint8_t kc_vm_init(struct kc_vm *vm, const struct kc_board *board,
                   const struct kc_platform *platform, const uint8_t *header, uint32_t seed);

/* Simulated time (host, tests): runs from board time 0 up to, not
 * including, limit_us (clamped to 0 .. INT64_MAX / 2), each instruction
 * costing KC_INSTRUCTION_COST_US, time jumping to the next wake-up or
 * board event when every task sleeps. Emits `start` first and `end` last
 * and returns the end reason; a later call returns it again. */
uint8_t kc_vm_run(struct kc_vm *vm, int64_t limit_us);

/* The same machine, paused instead of ended: runs until board time would
 * reach until_us, then returns KC_END_NONE with the state kept, so that
 * the next call goes on exactly where this one stopped (a run cut into
 * pieces gives the trace of one run). Returns the end reason once the
 * program finished, stopped or failed. */
uint8_t kc_vm_run_until(struct kc_vm *vm, int64_t until_us);

/* Real time (firmware): moves board time forward to now_us when the
 * machine is behind (the instructions took longer than their cost),
 * handling the board events on the way. */
void kc_vm_catch_up(struct kc_vm *vm, int64_t now_us);

/* When the machine next has something to do: its time when a task is
 * ready, else the earliest wake-up or board event; INT64_MAX when
 * nothing will ever happen, or once the run ended. */
int64_t kc_vm_next_event_us(const struct kc_vm *vm);

/* Stops a running program from outside (the link's stop command): every
 * task ends, safe state, `end stopped` at the machine's time. */
void kc_vm_stop(struct kc_vm *vm);

/* Board time in microseconds: where the run is, or where it ended. */
int64_t kc_vm_time_us(const struct kc_vm *vm);
/* Instructions executed so far (wraps at the width of unsigned long). */
unsigned long kc_vm_instruction_count(const struct kc_vm *vm);
/* The value of an output (0 for an index the board does not have). */
int32_t kc_vm_output(const struct kc_vm *vm, uint8_t output);
/* KC_END_NONE while the run goes on, else why it ended. */
uint8_t kc_vm_end_reason(const struct kc_vm *vm);

#endif
