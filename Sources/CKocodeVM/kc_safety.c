/* Outputs, sensors and the pump's safety rules (docs/bytecode.md section
 * 7, board.md): the latch, the tank check and the 30-second limit. */
#include "kc_internal.h"

void kc_emit(const struct kc_vm *vm, uint8_t kind, uint8_t index, uint8_t code, int32_t value,
             const int64_t *time) {
  struct kc_event event;

  if (vm->platform->trace == NULL) {
    return;
  }
  event.time_us = *time;
  event.value = value;
  event.pc = kind == KC_EVENT_ERROR ? vm->failure_pc : 0;
  event.kind = kind;
  event.index = index;
  event.code = code;
  vm->platform->trace(vm->platform->context, &event);
}

int32_t kc_read_sensor(const struct kc_vm *vm, uint8_t sensor, const int64_t *time) {
  int32_t value = 0;

  if (vm->platform->read_sensor != NULL) {
    value = vm->platform->read_sensor(vm->platform->context, sensor, *time);
  }
  if (sensor == KC_SENSOR_TANK_EMPTY || sensor == KC_SENSOR_BUTTON) {
    return value != 0;
  }
  return value;
}

int32_t kc_read_analog(const struct kc_vm *vm, uint8_t channel, const int64_t *time) {
  if (vm->platform->read_analog == NULL) {
    return 0;
  }
  return vm->platform->read_analog(vm->platform->context, channel, *time);
}

int32_t kc_read_digital(const struct kc_vm *vm, uint8_t pin, const int64_t *time) {
  if (vm->platform->read_digital == NULL) {
    return 0;
  }
  return vm->platform->read_digital(vm->platform->context, pin, *time) != 0;
}

/* Writes an output; only a change makes a trace event. */
static void kc_change(struct kc_vm *vm, uint8_t output, uint8_t value, const int64_t *time) {
  if (vm->outputs[output] == value) {
    return;
  }
  vm->outputs[output] = value;
  kc_emit(vm, KC_EVENT_OUTPUT, output, 0, value, time);
  if (vm->platform->write_output != NULL) {
    vm->platform->write_output(vm->platform->context, output, value, *time);
  }
}

static void kc_switch_pump_off(struct kc_vm *vm, const int64_t *time) {
  vm->pump_cut_us = KC_TIME_MAX;
  vm->tank_check_us = KC_TIME_MAX;
  kc_change(vm, vm->board->pump, 0, time);
}

/* The program asks for the pump on or off. "Off" always clears the latch;
 * "on" is ignored while latched, and refused (and latched) while the tank
 * is empty. */
static void kc_request_pump(struct kc_vm *vm, uint8_t on, const int64_t *time) {
  if (!on) {
    vm->pump_latched = 0;
    kc_switch_pump_off(vm, time);
    return;
  }
  if (vm->pump_latched || vm->outputs[vm->board->pump] != 0) {
    return;
  }
  if (kc_read_sensor(vm, KC_SENSOR_TANK_EMPTY, time)) {
    vm->pump_latched = 1;
    kc_emit(vm, KC_EVENT_SAFETY, vm->board->pump, KC_RULE_TANK_EMPTY, 0, time);
    return;
  }
  kc_change(vm, vm->board->pump, 1, time);
  /* Times stay below KC_LONGEST_RUN_US: adding the cut-off cannot overflow. */
  vm->pump_cut_us = KC_TIME_MAX;
  if (vm->board->pump_max_on_ms > 0) {
    kc_time_after(&vm->pump_cut_us, time, (uint32_t)vm->board->pump_max_on_ms, 1000);
  }
  /* The request itself read the tank: the next check is the next grid point. */
  kc_next_grid(&vm->tank_check_us, time);
}

uint8_t kc_set_output(struct kc_vm *vm, uint8_t output, int32_t value, const int64_t *time) {
  if (output >= vm->board->output_count) {
    return KC_ERR_BAD_INSTRUCTION;
  }
  if (output == vm->board->pump) {
    kc_request_pump(vm, value != 0, time);
  } else {
    kc_change(vm, output, (uint8_t)value, time);
  }
  return 0;
}

/* A safety rule switches the running pump off and latches it. */
static void kc_cut_pump(struct kc_vm *vm, uint8_t rule, const int64_t *time) {
  vm->pump_latched = 1;
  kc_emit(vm, KC_EVENT_SAFETY, vm->board->pump, rule, 0, time);
  kc_switch_pump_off(vm, time);
}

uint8_t kc_before(const int64_t *a, const int64_t *b) {
  return *a < *b;
}

const int64_t *kc_earlier(const int64_t *a, const int64_t *b) {
  return kc_before(b, a) ? b : a;
}

void kc_time_after(int64_t *to, const int64_t *from, uint32_t amount, uint32_t unit) {
  /* Times stay below KC_LONGEST_RUN_US plus the longest wait or period:
   * the sum never overflows. */
  *to = (int64_t)((uint64_t)*from + (uint64_t)amount * unit);
}

uint32_t kc_time_divide(const int64_t *time, uint32_t divisor, uint32_t *remainder) {
  /* Board times are never negative. */
  uint64_t value = (uint64_t)*time;

  return kc_divide64((uint32_t)(value >> 32), (uint32_t)value, divisor, remainder);
}

uint8_t kc_next_grid(int64_t *to, const int64_t *from) {
  uint32_t remainder;

  kc_time_divide(from, KC_GRID_US, &remainder);
  kc_time_after(to, from, KC_GRID_US - remainder, 1);
  return remainder == 0;
}

const int64_t *kc_board_event(const struct kc_vm *vm) {
  /* At one instant the 30-second cut comes before the tank check. */
  return kc_earlier(&vm->pump_cut_us, &vm->tank_check_us);
}

void kc_handle_board_events(struct kc_vm *vm, const int64_t *now) {
  const int64_t *event;
  /* The event's time, kept: cutting the pump clears both event times. */
  int64_t time;

  /* In time order, each at its own time. */
  while (!kc_before(now, event = kc_board_event(vm))) {
    time = *event;
    if (event == &vm->pump_cut_us) {
      kc_cut_pump(vm, KC_RULE_PUMP_MAX_ON, &time);
    } else if (kc_read_sensor(vm, KC_SENSOR_TANK_EMPTY, &time)) {
      kc_cut_pump(vm, KC_RULE_TANK_EMPTY, &time);
    } else {
      kc_time_after(&vm->tank_check_us, &vm->tank_check_us, 1, KC_GRID_US);
    }
  }
}

void kc_next_check(const struct kc_vm *vm, int64_t *next) {
  *next = *kc_earlier(kc_board_event(vm), &vm->limit_us);
}
