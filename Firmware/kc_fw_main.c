/* The Kocode firmware's main loop: at power-up the pump is off before
 * anything else runs; the newest valid program slot is verified and run
 * in real time; the CPU sleeps whenever the VM has nothing to do before
 * its next event; the watchdog resets a board that hangs. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <stdint.h>

#include "kc_fw.h"
#include "kc_fw_slots.h"
#include "kc_vm_state.h"

/* The VM may run this far ahead of real time, to run instructions in
 * batches rather than one per trip round the loop. */
#define KC_RUN_AHEAD_US 100
/* Further behind real time than this, the VM's instructions took longer
 * than their cost: board time jumps to real time (kc_vm_catch_up). */
#define KC_LATE_US 1000

/* MCUSR as the reset left it; kept out of .bss, which is cleared later. */
static uint8_t kc_reset_flags __attribute__((section(".noinit")));

static struct kc_vm kc_machine;
/* The clock's time at board time 0. */
static int64_t kc_origin_us;
/* The clock's time when the VM next has something to do: until then the
 * loop sleeps without asking it. */
static int64_t kc_due_us;
static uint8_t kc_running;

/* Runs from the reset vector before the C runtime initialises RAM. The
 * pump first, then the clock, then MCUSR: a watchdog reset leaves WDRF
 * set, which keeps the watchdog on (a bootloader's, for instance) and
 * would reset the board again and again. */
void kc_fw_early(void) __attribute__((naked, used, section(".init3")));
void kc_fw_early(void) {
  kc_fw_outputs_off();
  kc_fw_clock_start();
  kc_reset_flags = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

/* ---- The VM's hooks ---- */

/* `code` is the EEPROM address of the image's code, as a pointer. */
static uint8_t kc_read_code(const void *code, uint16_t offset) {
  return kc_eeprom_read((uint16_t)(uintptr_t)code + offset);
}

static int32_t kc_read_sensor(void *context, uint8_t sensor, int64_t time_us) {
  (void)context;
  (void)time_us;
  return kc_fw_sensor(sensor);
}

static int32_t kc_read_analog(void *context, uint8_t channel, int64_t time_us) {
  (void)context;
  (void)time_us;
  return kc_fw_adc_read(channel);
}

static uint8_t kc_read_digital(void *context, uint8_t pin, int64_t time_us) {
  (void)context;
  (void)time_us;
  return kc_fw_read_pin(pin);
}

static void kc_write_output(void *context, uint8_t output, int32_t value, int64_t time_us) {
  (void)context;
  (void)time_us;
  kc_fw_write_output(output, value);
}

static void kc_trace(void *context, const struct kc_event *event) {
  (void)context;
  kc_fw_telemetry_event(event);
}

static struct kc_platform kc_platform = {
    kc_read_code, 0, kc_read_sensor, kc_read_analog, kc_read_digital, kc_write_output, kc_trace, 0};

/* ---- Starting the stored program ---- */

/* Reads the image header of `slot` and verifies the image. */
static uint8_t kc_verify_slot(uint8_t slot, const struct kc_slot *stored, uint8_t *header) {
  uint16_t image = KC_SLOT_IMAGE(slot);
  uint16_t offset = 0;
  uint8_t verdict;
  uint8_t at;

  for (at = 0; at < KC_HEADER_SIZE; at++) {
    header[at] = kc_eeprom_read(image + at);
  }
  kc_platform.code = (const void *)(uintptr_t)(image + KC_HEADER_SIZE);
  verdict = kc_vm_verify(&kc_machine, &kc_fw_board, &kc_platform, header, stored->length, &offset);
  kc_fw_telemetry_record(KC_RECORD_SLOT, slot, verdict, stored->generation, offset);
  return verdict;
}

/* The newest valid slot whose image verifies; if the verifier refuses
 * it, the other valid slot. Nothing runs when neither will do. */
static void kc_start(void) {
  struct kc_config config;
  struct kc_slot stored;
  uint8_t header[KC_HEADER_SIZE];
  uint8_t excluded = KC_SLOT_NONE;
  uint8_t attempt;

  kc_config_read(&config);
  if (config.calibrated) {
    kc_fw_soil_calibrate(config.soil_dry, config.soil_wet);
  }
  for (attempt = 0; attempt < 2; attempt++) {
    uint8_t slot = kc_slot_select(excluded, &stored);

    if (slot == KC_SLOT_NONE) {
      break;
    }
    if (kc_verify_slot(slot, &stored, header) == KC_VERIFY_OK) {
      kc_vm_init(&kc_machine, &kc_fw_board, &kc_platform, header,
                 config.seed != 0 ? config.seed : kc_fw_noise_seed());
      kc_origin_us = kc_fw_clock_us();
      kc_due_us = kc_origin_us;
      kc_fw_telemetry_record(KC_RECORD_RUN, slot, 0, (int32_t)kc_origin_us, stored.length);
      kc_running = 1;
      return;
    }
    excluded = slot;
  }
  kc_fw_telemetry_record(KC_RECORD_SLOT, KC_SLOT_NONE, 0xFF, 0, 0);
}

/* ---- Running it in real time ---- */

static void kc_step(void) {
  int64_t now = kc_fw_clock_us() - kc_origin_us;
  int64_t next = kc_vm_next_event_us(&kc_machine);

  if (next < now - KC_LATE_US) {
    kc_vm_catch_up(&kc_machine, now);
  }
  if (kc_vm_run_until(&kc_machine, now + KC_RUN_AHEAD_US) != KC_END_NONE) {
    /* The VM has switched its outputs off; the pump pin once more, directly. */
    kc_running = 0;
    kc_fw_pump_off();
    return;
  }
  next = kc_vm_next_event_us(&kc_machine);
  kc_due_us = next == INT64_MAX ? next : kc_origin_us + next;
}

int main(void) {
  kc_fw_pins_init();
  kc_fw_adc_init();
  kc_fw_uart_init();
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  /* A hang resets the board into its safe state within a second. */
  wdt_enable(WDTO_1S);
  kc_fw_telemetry_record(KC_RECORD_BOOT, kc_reset_flags, KC_FW_VERSION, KC_BOARD_ID, 0);
  kc_start();
  for (;;) {
    wdt_reset();
    /* Until the link protocol reads them, received bytes only wake the loop. */
    while (kc_fw_uart_receive() >= 0) {
    }
    if (kc_running && kc_fw_clock_us() >= kc_due_us) {
      kc_step();
    } else {
      kc_fw_sleep_until(kc_running ? kc_due_us : INT64_MAX);
    }
  }
}
