/* The Kocode firmware's main loop: at power-up the pump is off before
 * anything else runs; the newest valid program slot is verified and run
 * in real time; the CPU sleeps whenever the VM has nothing to do before
 * its next event; the watchdog resets a board that hangs. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <stdint.h>
#include <string.h>

#include "kc_fw.h"
#include "kc_fw_slots.h"
#include "kc_vm_state.h"

/* The VM may run this far ahead of real time, to run instructions in
 * batches rather than one per trip round the loop. */
#define KC_RUN_AHEAD_US 100
/* Further behind real time than this, the VM's instructions took longer
 * than their cost: board time jumps to real time (kc_vm_catch_up). */
#define KC_LATE_US 1000
/* The running blocks are reported at most this often. */
#define KC_RUNNING_PERIOD_US 100000

/* MCUSR as the reset left it; kept out of .bss, which is cleared later. */
static uint8_t kc_reset_flags __attribute__((section(".noinit")));

static struct kc_vm kc_machine;
/* The clock's time at board time 0. */
static int64_t kc_origin_us;
/* The clock's time when the VM next has something to do: until then the
 * loop sleeps without asking it. */
static int64_t kc_due_us;
static uint8_t kc_running;
/* The program stored and the last run, for hello and status. */
static struct kc_fw_program kc_program;
/* When the running blocks were last reported, and what they were. */
static uint32_t kc_running_sent_us;
static uint16_t kc_running_pcs[KC_LIMIT_SCRIPTS];
/* The sensor readings last reported: soil, light, temperature, switches. */
static uint8_t kc_sensors_sent[4];

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
  if (!kc_fw_identify_holds(output)) {
    kc_fw_write_output(output, value);
  }
}

static void kc_trace(void *context, const struct kc_event *event) {
  (void)context;
  if (event->kind == KC_EVENT_ERROR) {
    kc_program.error = event->code;
    kc_program.error_pc = event->pc;
  } else if (event->kind == KC_EVENT_END) {
    kc_program.end = event->code;
  }
  kc_fw_telemetry_event(event);
}

static struct kc_platform kc_platform = {
    kc_read_code, 0, kc_read_sensor, kc_read_analog, kc_read_digital, kc_write_output, kc_trace, 0};

/* ---- Starting the stored program ---- */

uint8_t kc_fw_program_verify(uint8_t slot, uint16_t length, uint16_t *offset) {
  uint16_t image = KC_SLOT_IMAGE(slot);
  uint8_t header[KC_HEADER_SIZE];
  uint8_t at;

  for (at = 0; at < KC_HEADER_SIZE; at++) {
    header[at] = kc_eeprom_read(image + at);
  }
  kc_platform.code = (const void *)(uintptr_t)(image + KC_HEADER_SIZE);
  return kc_vm_verify(&kc_machine, &kc_fw_board, &kc_platform, header, length, offset);
}

void kc_fw_program_stop(void) {
  /* The VM switches its outputs off through write_output, which also
   * disconnects PWM without touching the timers' modes. */
  if (kc_running) {
    kc_vm_stop(&kc_machine);
    kc_running = 0;
    kc_program.state = KC_PROGRAM_STOPPED;
    /* A VM stopped before its first instruction sends no end event. */
    kc_program.end = KC_END_STOPPED;
  }
  kc_fw_pump_off();
}

/* The newest valid slot whose image verifies; if the verifier refuses
 * it, the other valid slot. Nothing runs when neither will do. */
uint8_t kc_fw_program_start(uint32_t seed) {
  struct kc_config config;
  struct kc_slot stored;
  uint8_t header[KC_HEADER_SIZE];
  uint8_t excluded = KC_SLOT_NONE;
  uint8_t attempt;
  uint8_t at;

  kc_fw_program_stop();
  kc_config_read(&config);
  if (config.calibrated) {
    kc_fw_soil_calibrate(config.soil_dry, config.soil_wet);
  }
  memset(&kc_program, 0, sizeof kc_program);
  for (attempt = 0; attempt < 2; attempt++) {
    uint8_t slot = kc_slot_select(excluded, &stored);
    uint16_t offset = 0;
    uint8_t verdict;

    if (slot == KC_SLOT_NONE) {
      break;
    }
    /* Verified once since it was written (at the commit, or at the start
     * before a run request) is enough: nothing has changed it since. */
    verdict =
        kc_slot_verified(slot) ? KC_VERIFY_OK : kc_fw_program_verify(slot, stored.length, &offset);
    kc_fw_telemetry_record(KC_RECORD_SLOT, slot, verdict, stored.generation, offset, 0, 1);
    if (verdict == KC_VERIFY_OK) {
      kc_slot_set_verified(slot);
      for (at = 0; at < KC_HEADER_SIZE; at++) {
        header[at] = kc_eeprom_read(KC_SLOT_IMAGE(slot) + at);
      }
      if (seed == 0) {
        seed = config.seed != 0 ? config.seed : kc_fw_noise_seed();
      }
      kc_program.crc = stored.crc;
      kc_program.length = stored.length;
      kc_program.generation = stored.generation;
      kc_program.state = KC_PROGRAM_RUNNING;
      kc_origin_us = kc_fw_clock_us();
      kc_due_us = kc_origin_us;
      kc_running_sent_us = (uint32_t)kc_origin_us;
      memset(kc_running_pcs, 0, sizeof kc_running_pcs);
      memset(kc_sensors_sent, 0xFF, sizeof kc_sensors_sent);
      /* Board time 0 once the records before are out: the run record and
       * the run's first events then find room in the transmit ring and
       * never wait for it. */
      kc_fw_uart_drain();
      kc_origin_us = kc_fw_clock_us();
      kc_due_us = kc_origin_us;
      kc_fw_telemetry_record(KC_RECORD_RUN, slot, 0, (int32_t)kc_origin_us, stored.length, 0, 1);
      kc_running = 1;
      kc_vm_init(&kc_machine, &kc_fw_board, &kc_platform, header, seed);
      return KC_STATUS_OK;
    }
    excluded = slot;
    /* A stored program the verifier refuses is reported, never run. */
    kc_program.crc = stored.crc;
    kc_program.length = stored.length;
    kc_program.generation = stored.generation;
    kc_program.state = KC_PROGRAM_STOPPED;
  }
  kc_fw_telemetry_record(KC_RECORD_SLOT, KC_SLOT_NONE, 0xFF, 0, 0, 0, 1);
  return KC_STATUS_NO_PROGRAM;
}

uint8_t kc_fw_program_output(uint8_t output) {
  return kc_running ? kc_machine.outputs[output] : 0;
}

void kc_fw_program_info(struct kc_fw_program *program) {
  *program = kc_program;
  if (kc_running) {
    program->time_ms = (int32_t)kc_fw_milliseconds(kc_fw_clock_us() - kc_origin_us);
  }
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
    kc_program.state = KC_PROGRAM_STOPPED;
    kc_fw_pump_off();
    return;
  }
  next = kc_vm_next_event_us(&kc_machine);
  kc_due_us = next == INT64_MAX ? next : kc_origin_us + next;
}

/* Where each script is, and what the sensors read, at most every
 * KC_RUNNING_PERIOD_US and only when it changed: what `kocode watch`
 * shows. Dropped rather than waited for when the link is busy: the next
 * report says the same. */
static void kc_report_running(void) {
  int64_t clock = kc_fw_clock_us();
  uint32_t time_ms = kc_fw_milliseconds(clock - kc_origin_us);
  uint16_t switches;
  uint8_t soil;
  uint8_t light;
  int32_t temperature;
  uint8_t task;

  if ((uint32_t)clock - kc_running_sent_us < KC_RUNNING_PERIOD_US) {
    return;
  }
  kc_running_sent_us = (uint32_t)clock;
  for (task = 0; task < kc_machine.task_count; task++) {
    uint16_t pc = kc_machine.tasks[task].pc;

    if (pc != kc_running_pcs[task] &&
        kc_fw_telemetry_record(KC_RECORD_RUNNING, task, kc_machine.tasks[task].flags, 0, pc,
                               time_ms, 0)) {
      kc_running_pcs[task] = pc;
    }
  }
  soil = (uint8_t)kc_fw_sensor(KC_SENSOR_SOIL_MOISTURE);
  light = (uint8_t)kc_fw_sensor(KC_SENSOR_LIGHT);
  temperature = kc_fw_sensor(KC_SENSOR_TEMPERATURE);
  switches = (uint16_t)(kc_fw_sensor(KC_SENSOR_TANK_EMPTY) | kc_fw_sensor(KC_SENSOR_BUTTON) << 1);
  if ((soil != kc_sensors_sent[0] || light != kc_sensors_sent[1] ||
       (uint8_t)temperature != kc_sensors_sent[2] || switches != kc_sensors_sent[3]) &&
      kc_fw_telemetry_record(KC_RECORD_SENSORS, soil, light, temperature, switches, time_ms, 0)) {
    kc_sensors_sent[0] = soil;
    kc_sensors_sent[1] = light;
    kc_sensors_sent[2] = (uint8_t)temperature;
    kc_sensors_sent[3] = (uint8_t)switches;
  }
}

int main(void) {
  kc_fw_pins_init();
  kc_fw_adc_init();
  kc_fw_uart_init();
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  /* A hang resets the board into its safe state within a second. */
  wdt_enable(WDTO_1S);
  kc_fw_telemetry_record(KC_RECORD_BOOT, kc_reset_flags, KC_FW_VERSION, KC_BOARD_ID, 0, 0, 1);
  kc_fw_program_start(0);
  if (kc_config_held()) {
    /* Stopped from the computer before this reset: verified and reported,
     * not run. */
    kc_fw_program_stop();
  }
  for (;;) {
    int64_t care_due;

    wdt_reset();
    kc_fw_link_poll();
    care_due = kc_fw_identify_poll();
    if (kc_running && kc_fw_clock_us() >= kc_due_us) {
      kc_step();
    } else {
      kc_fw_sleep_until(kc_running && kc_due_us < care_due ? kc_due_us : care_due);
    }
    /* The clock's tick ends every sleep within a millisecond, so reports
     * go on while every script waits: a pupil's data shows the soil
     * getting wetter during a long wait. Not once the run has ended: its
     * end event is the last word. */
    if (kc_running) {
      kc_report_running();
    }
  }
}
