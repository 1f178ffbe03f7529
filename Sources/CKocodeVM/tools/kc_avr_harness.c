/* A stand-in firmware for measuring the VM on the ATmega328P: the code
 * in EEPROM, the machine in static RAM, every hook wired, a clock that
 * only counts. avr-size of the linked result gives the VM's share of the
 * flash and RAM budgets (tools/avr-size.sh). */
#if defined(__AVR__)
#include <avr/eeprom.h>

#include "../kc_vm_state.h"

/* The image's first byte in EEPROM (one slot). */
#define KC_SLOT_START ((const uint8_t *)0)

static struct kc_vm machine;
static volatile uint8_t sink;
static volatile int64_t clock_us;

static const struct kc_board board = {480, 120, 1, 30000,  4,         32,       64,
                                      8,   0,   6, {0xE0}, {0x3F, 0}, {0x0C, 0}};

static uint8_t read_code(const void *code, uint16_t offset) {
  return eeprom_read_byte((const uint8_t *)code + KC_HEADER_SIZE + offset);
}

static int32_t read_sensor(void *context, uint8_t sensor, int64_t time_us) {
  (void)context;
  (void)time_us;
  return sink + sensor;
}

static int32_t read_analog(void *context, uint8_t channel, int64_t time_us) {
  (void)context;
  (void)time_us;
  return sink + channel;
}

static uint8_t read_digital(void *context, uint8_t pin, int64_t time_us) {
  (void)context;
  (void)time_us;
  return (uint8_t)(sink ^ pin);
}

static void write_output(void *context, uint8_t output, int32_t value, int64_t time_us) {
  (void)context;
  (void)time_us;
  sink = (uint8_t)(output + value);
}

static void trace(void *context, const struct kc_event *event) {
  (void)context;
  sink = (uint8_t)(event->kind + event->code + event->index + event->value);
}

static const struct kc_platform platform = {read_code,    KC_SLOT_START, read_sensor, read_analog,
                                            read_digital, write_output,  trace,       0};

int main(void) {
  uint8_t header[KC_HEADER_SIZE];
  uint16_t offset;

  eeprom_read_block(header, KC_SLOT_START, KC_HEADER_SIZE);
  if (kc_vm_verify(&machine, &board, &platform, header,
                   (uint32_t)KC_HEADER_SIZE + (header[4] | (unsigned)header[5] << 8),
                   &offset) != KC_VERIFY_OK) {
    return 1;
  }
  kc_vm_init(&machine, &board, &platform, header, 1);
  while (kc_vm_run_until(&machine, clock_us) == KC_END_NONE) {
    clock_us = kc_vm_next_event_us(&machine);
    kc_vm_catch_up(&machine, clock_us);
  }
  kc_vm_stop(&machine);
  return (int)(kc_vm_time_us(&machine) + kc_vm_output(&machine, 0) +
               (int64_t)kc_vm_instruction_count(&machine));
}
#else
/* Only the AVR build has a harness; SwiftPM compiles this file too. */
typedef int kc_avr_harness_is_avr_only;
#endif
