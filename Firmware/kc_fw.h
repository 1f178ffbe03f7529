/* The firmware's AVR glue around the C VM: pins, clock, ADC, UART and
 * telemetry. docs/firmware.md describes the whole firmware; the EEPROM
 * slots have their own, portable header (kc_fw_slots.h). */
#ifndef KC_FW_H
#define KC_FW_H

#include <stdint.h>

#include "kc_vm.h"

/* The firmware's own version, sent in the boot record and the hello:
 * 2 is the first with the link protocol, 3 the first with board care
 * (erase, name, identify, calibrate, sense). */
#define KC_FW_VERSION 3

/* ---- Pins (kc_fw_pins.c) ---- */

/* The board as the VM sees it, built from kc_board_config.h. */
extern const struct kc_board kc_fw_board;

/* Every output driven to its OFF level (polarity applied), PWM
 * disconnected: the first thing after a reset, and the safe state. */
void kc_fw_outputs_off(void);
/* The pump's pin alone, driven off. */
void kc_fw_pump_off(void);
/* Digital inputs with their pull-ups; Timer1 and Timer2 for PWM. */
void kc_fw_pins_init(void);
/* Drives output `output` (index in the board file): 0 off, 1 or 255 fully
 * on, 2..254 PWM duty on a PWM output (on elsewhere). */
void kc_fw_write_output(uint8_t output, int32_t value);
/* The level of digital input Dpin: 1 HIGH, 0 LOW (or not an input). */
uint8_t kc_fw_read_pin(uint8_t pin);

/* ---- Clock (kc_fw_clock.c) ---- */

/* Timer0 in CTC mode at 1 kHz; called before RAM is initialised. */
void kc_fw_clock_start(void);
/* Microseconds since kc_fw_clock_start, 4 µs resolution. */
int64_t kc_fw_clock_us(void);
/* Sleeps (idle mode) until the clock reaches `due` or an interrupt has
 * something to say (tick, UART byte); returns at once when due is near. */
void kc_fw_sleep_until(int64_t due);

/* ---- ADC and sensors (kc_fw_adc.c) ---- */

void kc_fw_adc_init(void);
/* A 10-bit reading of channel An against AVcc. */
uint16_t kc_fw_adc_read(uint8_t channel);
/* Soil calibration from the EEPROM config block: raw readings dry and wet. */
void kc_fw_soil_calibrate(uint16_t dry, uint16_t wet);
/* A sensor block's value (enum kc_sensor): percent, degrees, or 0/1. */
int32_t kc_fw_sensor(uint8_t sensor);
/* A seed from the low bits of ADC readings and the timer: never 0. */
uint32_t kc_fw_noise_seed(void);

/* ---- UART (kc_fw_uart.c) ---- */

/* 115200 baud 8N1 on USART0, receive and transmit by interrupts. */
void kc_fw_uart_init(void);
/* Queues `count` bytes; all or nothing: returns 0 when they do not fit. */
uint8_t kc_fw_uart_send(const uint8_t *bytes, uint8_t count);
/* Waits until every queued byte is out (the ring drains by interrupts). */
void kc_fw_uart_drain(void);
/* The next received byte, or -1 when none waits. */
int16_t kc_fw_uart_receive(void);

/* ---- Telemetry (kc_fw_telemetry.c) ---- */

/* Firmware records, beside the VM's event kinds (docs/protocol.md). */
enum kc_fw_record {
  KC_RECORD_BOOT = 0x80,
  KC_RECORD_SLOT = 0x81,
  KC_RECORD_RUN = 0x82,
  KC_RECORD_LOST = 0x83,
  KC_RECORD_RUNNING = 0x84,
  KC_RECORD_SENSORS = 0x85
};

/* Whole milliseconds in a non-negative number of microseconds (the low
 * 32 bits, as records carry them). */
uint32_t kc_fw_milliseconds(int64_t microseconds);
/* A VM trace event as a telemetry frame. Events that change what the
 * computer shows wait for room in the transmit ring; none is dropped. */
void kc_fw_telemetry_event(const struct kc_event *event);
/* A firmware record at time `time_ms`; `wait` as for kc_fw_link_send.
 * Returns 0 when it was not sent. */
uint8_t kc_fw_telemetry_record(uint8_t kind, uint8_t index, uint8_t code, int32_t value,
                               uint16_t pc, uint32_t time_ms, uint8_t wait);

/* ---- The link (kc_fw_link.c, docs/protocol.md) ---- */

#define KC_LINK_PROTOCOL 1
/* Image bytes in one upload chunk. */
#define KC_LINK_CHUNK_BYTES 64
/* The largest payload the board sends. */
#define KC_LINK_SEND_BYTES 48

enum kc_frame_type {
  KC_FRAME_HELLO = 0x01,
  KC_FRAME_BEGIN = 0x02,
  KC_FRAME_CHUNK = 0x03,
  KC_FRAME_COMMIT = 0x04,
  KC_FRAME_RUN = 0x05,
  KC_FRAME_STOP = 0x06,
  KC_FRAME_ERASE = 0x07,
  KC_FRAME_NAME = 0x08,
  KC_FRAME_IDENTIFY = 0x09,
  KC_FRAME_CALIBRATE = 0x0A,
  KC_FRAME_SENSE = 0x0B,
  KC_FRAME_ACK = 0x80,
  KC_FRAME_NAK = 0x81,
  KC_FRAME_EVENT = 0x90
};

enum kc_link_status {
  KC_STATUS_OK = 0,
  KC_STATUS_UNKNOWN = 1,     /* a request type this firmware does not know */
  KC_STATUS_BAD_REQUEST = 2, /* wrong payload size, chunk past the length */
  KC_STATUS_TOO_LARGE = 3,   /* the image does not fit a slot */
  KC_STATUS_NO_UPLOAD = 4,   /* a chunk or commit without a begin */
  KC_STATUS_CRC = 5,         /* the bytes stored do not have the CRC-32 */
  KC_STATUS_REFUSED = 6,     /* the verifier refused the image: code, offset */
  KC_STATUS_BUSY = 7,        /* an upload is in progress */
  KC_STATUS_NO_PROGRAM = 8,  /* run, with no valid program stored */
  KC_STATUS_NO_SENSOR = 9    /* sense or calibrate on a board without a soil probe */
};

/* Puts `value` at `at`, little endian, `bytes` bytes. */
void kc_fw_put(uint8_t *at, uint32_t value, uint8_t bytes);
/* Sends one frame; with `wait`, waits for room in the transmit ring
 * (it drains at 11.5 bytes/ms), else returns 0 when it does not fit. */
uint8_t kc_fw_link_send(uint8_t type, uint8_t seq, const uint8_t *payload, uint8_t count,
                        uint8_t wait);
/* A telemetry frame with the next telemetry sequence number. */
uint8_t kc_fw_link_telemetry(const uint8_t *payload, uint8_t count, uint8_t wait);
/* Reads every received byte and handles the frames they complete;
 * abandons an upload that has stalled. */
void kc_fw_link_poll(void);

/* ---- The program (kc_fw_main.c) ---- */

enum kc_program_state {
  KC_PROGRAM_NONE = 0, /* no valid program stored */
  KC_PROGRAM_RUNNING = 1,
  KC_PROGRAM_STOPPED = 2, /* stored, not running (stopped, ended or refused) */
  KC_PROGRAM_UPLOADING = 3
};

struct kc_fw_program {
  uint32_t crc;
  int32_t time_ms;
  uint16_t length;
  uint16_t generation;
  uint16_t error_pc;
  uint8_t state;
  /* How the last run ended (KC_END_*, KC_END_NONE while it runs). */
  uint8_t end;
  /* Its runtime error (KC_ERR_*), 0 for none. */
  uint8_t error;
};

/* What is stored and what runs. */
void kc_fw_program_info(struct kc_fw_program *program);
/* Safe state now: the VM stops (its outputs off), the pump pin off. */
void kc_fw_program_stop(void);
/* Starts the newest valid program from the beginning; 0 seeds from the
 * config block or noise. Returns KC_STATUS_OK or KC_STATUS_NO_PROGRAM. */
uint8_t kc_fw_program_start(uint32_t seed);
/* Verifies the image of `length` bytes in `slot`: 0 or a KC_VERIFY_*. */
uint8_t kc_fw_program_verify(uint8_t slot, uint16_t length, uint16_t *offset);
/* The board's name from the config block: 16 bytes, NUL padded. */
void kc_config_name(uint8_t *name);
/* The value output `output` has in the running program (0 when none runs). */
uint8_t kc_fw_program_output(uint8_t output);

/* ---- Board care (kc_fw_care.c) ---- */

/* Blinks the built-in LED and beeps for `seconds` (0 stops at once); the
 * program's own values of those outputs come back at the end. */
void kc_fw_identify(uint8_t seconds);
/* Moves the blinking on; returns the clock time it next needs the loop
 * (INT64_MAX when it is not blinking). */
int64_t kc_fw_identify_poll(void);
/* 1 while identify holds output `output`: the program's writes to it wait. */
uint8_t kc_fw_identify_holds(uint8_t output);
/* Stores a soil calibration and uses it from now on; equal readings go
 * back to the board file's. KC_STATUS_OK, or KC_STATUS_NO_SENSOR,
 * KC_STATUS_BAD_REQUEST for readings outside 0..1023. */
uint8_t kc_fw_calibrate(uint16_t dry, uint16_t wet);
/* The soil probe's raw reading, averaged over 16, and its percent:
 * KC_STATUS_OK, or KC_STATUS_NO_SENSOR. */
uint8_t kc_fw_sense(uint16_t *raw, uint8_t *percent);

#endif
