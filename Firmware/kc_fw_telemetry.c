/* The interim telemetry, until the link protocol: each trace event the VM
 * emits and a few firmware records go out as one fixed 15-byte record
 * (docs/firmware.md, "Telemetry"). A record that does not fit the
 * transmit buffer is dropped whole and counted, never half sent. */
#include "kc_fw.h"

#define KC_RECORD_START 0x7E
#define KC_RECORD_BYTES 15

static uint16_t kc_lost;

static void kc_put(uint8_t *at, uint32_t value, uint8_t bytes) {
  while (bytes-- > 0) {
    *at++ = (uint8_t)value;
    value >>= 8;
  }
}

static uint8_t kc_send(uint8_t kind, uint8_t index, uint8_t code, int32_t value, uint16_t pc,
                       uint32_t time_ms) {
  uint8_t record[KC_RECORD_BYTES];
  uint8_t sum = 0;
  uint8_t at;

  record[0] = KC_RECORD_START;
  record[1] = kind;
  record[2] = index;
  record[3] = code;
  kc_put(record + 4, (uint32_t)value, 4);
  kc_put(record + 8, pc, 2);
  kc_put(record + 10, time_ms, 4);
  for (at = 1; at < KC_RECORD_BYTES - 1; at++) {
    sum = (uint8_t)(sum + record[at]);
  }
  record[KC_RECORD_BYTES - 1] = sum;
  return kc_fw_uart_send(record, KC_RECORD_BYTES);
}

static void kc_record(uint8_t kind, uint8_t index, uint8_t code, int32_t value, uint16_t pc,
                      uint32_t time_ms) {
  /* The count of lost records goes first, once there is room for both. */
  if (kc_lost != 0 && kc_send(KC_RECORD_LOST, 0, 0, kc_lost, 0, time_ms)) {
    kc_lost = 0;
  }
  if (kc_lost != 0 || !kc_send(kind, index, code, value, pc, time_ms)) {
    kc_lost = (uint16_t)(kc_lost + (kc_lost != 0xFFFFu));
  }
}

void kc_fw_telemetry_event(const struct kc_event *event) {
  kc_record(event->kind, event->index, event->code, event->value, event->pc,
            (uint32_t)(event->time_us / 1000));
}

void kc_fw_telemetry_record(uint8_t kind, uint8_t index, uint8_t code, int32_t value, uint16_t pc) {
  kc_record(kind, index, code, value, pc, 0);
}
