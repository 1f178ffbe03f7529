// kc-vboard: pins. Output changes go out as events; the host drives
// digital inputs and analog inputs through the control channel.
//
// Pins are named as on the board (D0-D13, A0-A5 on an Uno; D0-D13, A0-A15
// on a Mega) and otherwise by port and bit (PB5).

#define _GNU_SOURCE
#include "kc_vboard.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <avr_adc.h>
#include <avr_ioport.h>

typedef struct kc_pin_name {
  const char *name;
  char port;
  uint8_t bit;
} kc_pin_name_t;

static const kc_pin_name_t kc_uno_pins[] = {
    {"D0", 'D', 0},  {"D1", 'D', 1},  {"D2", 'D', 2},  {"D3", 'D', 3},  {"D4", 'D', 4},
    {"D5", 'D', 5},  {"D6", 'D', 6},  {"D7", 'D', 7},  {"D8", 'B', 0},  {"D9", 'B', 1},
    {"D10", 'B', 2}, {"D11", 'B', 3}, {"D12", 'B', 4}, {"D13", 'B', 5}, {"A0", 'C', 0},
    {"A1", 'C', 1},  {"A2", 'C', 2},  {"A3", 'C', 3},  {"A4", 'C', 4},  {"A5", 'C', 5},
    {NULL, 0, 0},
};

static const kc_pin_name_t kc_mega_pins[] = {
    {"D0", 'E', 0},  {"D1", 'E', 1},  {"D2", 'E', 4},  {"D3", 'E', 5},  {"D4", 'G', 5},
    {"D5", 'E', 3},  {"D6", 'H', 3},  {"D7", 'H', 4},  {"D8", 'H', 5},  {"D9", 'H', 6},
    {"D10", 'B', 4}, {"D11", 'B', 5}, {"D12", 'B', 6}, {"D13", 'B', 7}, {"A0", 'F', 0},
    {"A1", 'F', 1},  {"A2", 'F', 2},  {"A3", 'F', 3},  {"A4", 'F', 4},  {"A5", 'F', 5},
    {"A6", 'F', 6},  {"A7", 'F', 7},  {"A8", 'K', 0},  {"A9", 'K', 1},  {"A10", 'K', 2},
    {"A11", 'K', 3}, {"A12", 'K', 4}, {"A13", 'K', 5}, {"A14", 'K', 6}, {"A15", 'K', 7},
    {NULL, 0, 0},
};

static const kc_pin_name_t *kc_pins_table(const kc_vboard_t *board) {
  static const char *const unos[] = {"atmega328p", "atmega328", "atmega168p",
                                     "atmega168",  "atmega88p", "atmega88",
                                     "atmega48p",  "atmega48",  NULL};
  for (int index = 0; unos[index]; index++) {
    if (strcmp(board->mcu, unos[index]) == 0) {
      return kc_uno_pins;
    }
  }
  if (strcmp(board->mcu, "atmega2560") == 0 || strcmp(board->mcu, "atmega1280") == 0) {
    return kc_mega_pins;
  }
  return NULL;
}

bool kc_pins_have_names(const kc_vboard_t *board) {
  return kc_pins_table(board) != NULL;
}

static void kc_pins_name(const kc_vboard_t *board, char port, int bit, char *name, size_t size) {
  const kc_pin_name_t *table = kc_pins_table(board);
  for (; table && table->name; table++) {
    if (table->port == port && table->bit == bit) {
      snprintf(name, size, "%s", table->name);
      return;
    }
  }
  snprintf(name, size, "P%c%d", port, bit);
}

static kc_port_watch_t *kc_pins_port(kc_vboard_t *board, char port) {
  int index = port - 'A';
  if (index < 0 || index >= KC_PORT_COUNT || !board->ports[index].present) {
    return NULL;
  }
  return &board->ports[index];
}

// "D7", "A0" or "PB5", in any case, to a port and a bit.
static kc_port_watch_t *kc_pins_parse(kc_vboard_t *board, const char *text, int *bit) {
  const kc_pin_name_t *table = kc_pins_table(board);
  for (; table && table->name; table++) {
    if (strcasecmp(table->name, text) == 0) {
      *bit = table->bit;
      return kc_pins_port(board, table->port);
    }
  }
  if (strlen(text) == 3 && toupper((unsigned char)text[0]) == 'P' && text[2] >= '0' &&
      text[2] <= '7') {
    *bit = text[2] - '0';
    return kc_pins_port(board, (char)toupper((unsigned char)text[1]));
  }
  return NULL;
}

// Compare the port's output levels with the last ones reported. The level
// is the pin irq's, not PORTx's: a timer drives a PWM pin through the irq.
static void kc_pins_scan(kc_port_watch_t *watch) {
  kc_vboard_t *board = watch->board;
  avr_ioport_state_t state;
  watch->dirty = false;
  if (avr_ioctl(board->avr, AVR_IOCTL_IOPORT_GETSTATE(watch->name), &state) != 0) {
    return;
  }
  for (int bit = 0; bit < 8; bit++) {
    int level = (state.ddr >> bit) & 1 ? (int)(watch->irqs[bit].value & 1) : -1;
    if (level == watch->level[bit]) {
      continue;
    }
    watch->level[bit] = (int8_t)level;
    char name[16];
    char shown = level < 0 ? 'z' : (char)('0' + level);
    kc_pins_name(board, watch->name, bit, name, sizeof name);
    avr_cycle_count_t cycle = kc_board_cycle(board);
    uint64_t us = kc_cycles_to_us(board, cycle);
    kc_control_event(board, "pin %s %c at %" PRIu64 " us %" PRIu64, name, shown, cycle, us);
    if (board->options.pins_log) {
      fprintf(stderr, "kc-vboard: %" PRIu64 ".%06" PRIu64 " s  %-4s %c\n", us / 1000000,
              us % 1000000, name, shown);
    }
  }
}

// simavr announces a DDRx write before it stores it, and pin irqs after:
// the port is only marked here, and compared once the instruction is done.
static void kc_pins_on_change(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  kc_port_watch_t *watch = param;
  watch->dirty = true;
  watch->board->pins_dirty = true;
}

void kc_pins_scan_changed(kc_vboard_t *board) {
  board->pins_dirty = false;
  for (int index = 0; index < KC_PORT_COUNT; index++) {
    if (board->ports[index].dirty) {
      kc_pins_scan(&board->ports[index]);
    }
  }
}

void kc_pins_attach(kc_vboard_t *board) {
  avr_t *avr = board->avr;
  for (int index = 0; index < KC_PORT_COUNT; index++) {
    kc_port_watch_t *watch = &board->ports[index];
    // A rebuilt chip keeps the levels last reported, so that they get undone.
    if (!watch->board) {
      memset(watch->level, -1, sizeof watch->level);
    }
    watch->name = (char)('A' + index);
    watch->board = board;
    avr_irq_t *irqs = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(watch->name), 0);
    watch->irqs = irqs;
    watch->present = irqs != NULL;
    if (!watch->present) {
      continue;
    }
    // PORTx and DDRx writes, and pins a timer drives: all may change an output.
    for (int pin = IOPORT_IRQ_PIN0; pin <= IOPORT_IRQ_PIN7; pin++) {
      avr_irq_register_notify(irqs + pin, kc_pins_on_change, watch);
    }
    avr_irq_register_notify(irqs + IOPORT_IRQ_DIRECTION_ALL, kc_pins_on_change, watch);
    avr_irq_register_notify(irqs + IOPORT_IRQ_REG_PORT, kc_pins_on_change, watch);
  }
}

static void kc_pins_apply_drive(kc_vboard_t *board, kc_port_watch_t *watch, int bit) {
  avr_t *avr = board->avr;
  // The external state is what a PORTx write brings back on an input pin,
  // instead of the pull-up: without it the firmware would undo the drive.
  avr_ioport_external_t external = {.name = (unsigned long)watch->name};
  external.mask = watch->driven_mask;
  external.value = watch->driven_value;
  avr_ioctl(avr, AVR_IOCTL_IOPORT_SET_EXTERNAL(watch->name), &external);
  avr_irq_t *irq = watch->irqs + bit;
  if (watch->driven_mask & (1 << bit)) {
    avr_raise_irq(irq, (watch->driven_value >> bit) & 1);
    return;
  }
  // Released: an input with its pull-up on reads high again.
  avr_ioport_state_t state;
  if (avr_ioctl(avr, AVR_IOCTL_IOPORT_GETSTATE(watch->name), &state) == 0 &&
      !((state.ddr >> bit) & 1) && ((state.port >> bit) & 1)) {
    avr_raise_irq(irq, 1);
  }
}

static bool kc_pins_chip_alive(const kc_vboard_t *board) {
  return board->avr && !(board->halted && board->avr->state == cpu_Done);
}

int kc_pins_set_digital(kc_vboard_t *board, const char *pin, const char *level) {
  int bit = 0;
  kc_port_watch_t *watch = kc_pins_parse(board, pin, &bit);
  if (!watch) {
    kc_control_event(board, "error no pin '%s' on the %s", pin, board->mcu);
    return -1;
  }
  uint8_t mask = (uint8_t)(1 << bit);
  if (strcmp(level, "1") == 0 || strcasecmp(level, "high") == 0) {
    watch->driven_mask |= mask;
    watch->driven_value |= mask;
  } else if (strcmp(level, "0") == 0 || strcasecmp(level, "low") == 0) {
    watch->driven_mask |= mask;
    watch->driven_value &= (uint8_t)~mask;
  } else if (strcasecmp(level, "release") == 0 || strcasecmp(level, "z") == 0) {
    watch->driven_mask &= (uint8_t)~mask;
    watch->driven_value &= (uint8_t)~mask;
  } else {
    kc_control_event(board, "error digital wants 0, 1 or release, not '%s'", level);
    return -1;
  }
  if (kc_pins_chip_alive(board)) {
    kc_pins_apply_drive(board, watch, bit);
  }
  return 0;
}

static int kc_pins_parse_channel(const char *text) {
  const char *digits = NULL;
  if (toupper((unsigned char)text[0]) == 'A') {
    digits = text + 1;
  }
  if (strncasecmp(text, "ADC", 3) == 0) {
    digits = text + 3;
  }
  if (!digits || !isdigit((unsigned char)digits[0])) {
    return -1;
  }
  char *end = NULL;
  long channel = strtol(digits, &end, 10);
  return (*end || channel >= KC_ANALOG_COUNT) ? -1 : (int)channel;
}

static void kc_pins_apply_analog(kc_vboard_t *board, int channel) {
  avr_irq_t *irq = avr_io_getirq(board->avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + channel);
  if (irq) {
    avr_raise_irq(irq, board->analog_mv[channel]);
  }
}

// `512` is a raw reading (0-1023) against AVcc; `2500mV` is a voltage.
int kc_pins_set_analog(kc_vboard_t *board, const char *pin, const char *value) {
  int channel = kc_pins_parse_channel(pin);
  bool alive = kc_pins_chip_alive(board);
  if (channel < 0 ||
      (alive && !avr_io_getirq(board->avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + channel))) {
    kc_control_event(board, "error no analog input '%s' on the %s", pin, board->mcu);
    return -1;
  }
  char *end = NULL;
  unsigned long number = strtoul(value, &end, 10);
  bool millivolts = end != value && strcasecmp(end, "mV") == 0;
  uint32_t avcc = board->avr->avcc ? board->avr->avcc : 5000;
  if (end == value || value[0] == '-' || (*end && !millivolts) ||
      number > (millivolts ? avcc : 1023u)) {
    kc_control_event(board, "error analog wants 0-1023 or 0mV-%" PRIu32 "mV, not '%s'", avcc,
                     value);
    return -1;
  }
  // simavr reads mV * 1023 / AVcc, truncated: rounding the voltage up makes
  // that give back exactly the raw value asked for.
  uint32_t mv = millivolts ? (uint32_t)number : (uint32_t)((number * avcc + 1022) / 1023);
  board->analog_mv[channel] = mv;
  board->analog_set |= (uint16_t)(1u << channel);
  if (alive) {
    kc_pins_apply_analog(board, channel);
  }
  return 0;
}

// Called from inside avr_reset(): only irq flags may change here.
void kc_pins_on_reset(kc_vboard_t *board) {
  for (int index = 0; index < KC_PORT_COUNT; index++) {
    kc_port_watch_t *watch = &board->ports[index];
    for (int bit = 0; watch->present && bit < 8; bit++) {
      avr_irq_t *irq = watch->irqs + bit;
      // simavr clears PINx on reset but keeps each pin irq's last value: an
      // identical raise (a pull-up) would be filtered out and read as 0.
      avr_irq_set_flags(irq, avr_irq_get_flags(irq) | IRQ_FLAG_INIT);
    }
  }
}

void kc_pins_after_reset(kc_vboard_t *board) {
  for (int index = 0; index < KC_PORT_COUNT; index++) {
    kc_port_watch_t *watch = &board->ports[index];
    if (!watch->present) {
      continue;
    }
    // The reset made every pin an input without telling the irqs.
    kc_pins_scan(watch);
    for (int bit = 0; bit < 8; bit++) {
      if (watch->driven_mask & (1 << bit)) {
        kc_pins_apply_drive(board, watch, bit);
      }
    }
  }
  for (int channel = 0; channel < KC_ANALOG_COUNT; channel++) {
    if (board->analog_set & (1u << channel)) {
      kc_pins_apply_analog(board, channel);
    }
  }
}
