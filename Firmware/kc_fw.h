/* The firmware's AVR glue around the C VM: pins, clock, ADC, UART and
 * telemetry. docs/firmware.md describes the whole firmware; the EEPROM
 * slots have their own, portable header (kc_fw_slots.h). */
#ifndef KC_FW_H
#define KC_FW_H

#include <stdint.h>

#include "kc_vm.h"

/* The firmware's own version, sent in the boot record. */
#define KC_FW_VERSION 1

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
/* The next received byte, or -1 when none waits. */
int16_t kc_fw_uart_receive(void);

/* ---- Telemetry (kc_fw_telemetry.c) ---- */

/* Firmware records, beside the VM's event kinds (docs/firmware.md). */
enum kc_fw_record {
  KC_RECORD_BOOT = 0x80,
  KC_RECORD_SLOT = 0x81,
  KC_RECORD_RUN = 0x82,
  KC_RECORD_LOST = 0x83
};

/* A VM trace event as a record. */
void kc_fw_telemetry_event(const struct kc_event *event);
/* A firmware record at time 0. */
void kc_fw_telemetry_record(uint8_t kind, uint8_t index, uint8_t code, int32_t value, uint16_t pc);

#endif
