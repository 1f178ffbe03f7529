/* Telemetry: each trace event the VM emits, and a few records of the
 * firmware's own, go to the computer as one EVENT frame of the link
 * (docs/protocol.md, "Telemetry"). The frames carry their own sequence
 * number: the computer sees a gap if one is ever lost. */
#include "kc_fw.h"
#include "kc_internal.h"

#define KC_RECORD_BYTES 13

uint8_t kc_fw_telemetry_record(uint8_t kind, uint8_t index, uint8_t code, int32_t value,
                               uint16_t pc, uint32_t time_ms, uint8_t wait) {
  uint8_t record[KC_RECORD_BYTES];

  record[0] = kind;
  record[1] = index;
  record[2] = code;
  kc_fw_put(record + 3, (uint32_t)value, 4);
  kc_fw_put(record + 7, pc, 2);
  kc_fw_put(record + 9, time_ms, 4);
  return kc_fw_link_telemetry(record, KC_RECORD_BYTES, wait);
}

uint32_t kc_fw_milliseconds(int64_t microseconds) {
  uint32_t remainder;

  /* The VM's 32-bit long division: no 64-bit division code in the firmware. */
  return kc_time_divide(&microseconds, 1000, &remainder);
}

void kc_fw_telemetry_event(const struct kc_event *event) {
  kc_fw_telemetry_record(event->kind, event->index, event->code, event->value, event->pc,
                         kc_fw_milliseconds(event->time_us), 1);
}
