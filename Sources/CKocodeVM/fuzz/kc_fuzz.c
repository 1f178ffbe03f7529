/* libFuzzer target for the C VM: arbitrary bytes go to kc_verify and,
 * when accepted (or when the input asks for it), run for a bounded
 * simulated time, whole or in pieces. Built outside SwiftPM, with the
 * VM's own files (every .c file of Sources/CKocodeVM) and this one:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -I Sources/CKocodeVM/include Sources/CKocodeVM/kc_*.c \
 *     Sources/CKocodeVM/fuzz/kc_fuzz.c -o /tmp/kc_fuzz
 *
 * The first input byte chooses how the rest is used:
 *   bit 0: fix the header's code size and CRC (so that the pass sees it);
 *   bit 1: run the image even when the verifier refuses it (the run-time
 *          checks are the second line of defence);
 *   bit 2: a board without a pump; bit 3: run in pieces. */

/* SwiftPM compiles this file into the VM's target until its Package.swift
 * excludes the folder: it is empty there, and whole under a sanitizer
 * (the fuzzing build) or with -DKC_FUZZ. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(KC_FUZZ)
#define KC_FUZZ 1
#endif
#endif

#if defined(KC_FUZZ)
#include <string.h>

#include "../kc_vm_state.h"

#define KC_FUZZ_MAX_CODE 4096

static struct kc_vm machine;
static uint8_t image[KC_HEADER_SIZE + KC_FUZZ_MAX_CODE];
static uint8_t table[KC_FUZZ_MAX_CODE];
static uint32_t noise;

/* Outputs 5, 6 and 7 do PWM; A0-A5; D2 and D3: the greenhouse-uno. */
static struct kc_board board = {480, 120, 1, 30000, 4, 32, 64, 8, 0, 6, {0xE0}, {0x3F}, {0x0C}};

static uint32_t fuzz_crc(const uint8_t *bytes, size_t count, uint32_t crc) {
  size_t index;
  int bit;

  crc = ~crc;
  for (index = 0; index < count; index++) {
    crc ^= bytes[index];
    for (bit = 0; bit < 8; bit++) {
      crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
  }
  return ~crc;
}

/* Sensors that move with time and with the input, so both branches run. */
static int32_t read_sensor(void *context, uint8_t sensor, int64_t time_us) {
  (void)context;
  return (int32_t)((uint64_t)time_us / 9973u % 101u + sensor + noise % 7u);
}

static int32_t read_analog(void *context, uint8_t channel, int64_t time_us) {
  (void)context;
  return (int32_t)(((uint64_t)time_us / 1000u + channel * 37u + noise) % 1024u);
}

static uint8_t read_digital(void *context, uint8_t pin, int64_t time_us) {
  (void)context;
  return (uint8_t)(((uint64_t)time_us / 250000u + pin + noise) % 2u);
}

static void write_output(void *context, uint8_t output, int32_t value, int64_t time_us) {
  (void)context;
  noise = noise * 31u + output + (uint32_t)value + (uint32_t)time_us;
}

/* Every event must name things that exist. */
static void trace(void *context, const struct kc_event *event) {
  const struct kc_vm *vm = context;

  if ((event->kind == KC_EVENT_OUTPUT || event->kind == KC_EVENT_SAFETY) &&
      event->index >= vm->board->output_count) {
    __builtin_trap();
  }
  if ((event->kind == KC_EVENT_LOG_NUMBER || event->kind == KC_EVENT_LOG_BOOL ||
       event->kind == KC_EVENT_PRINT_TEXT) &&
      event->index >= vm->text_count) {
    __builtin_trap();
  }
  if (event->kind == KC_EVENT_ERROR && (event->code < 1 || event->code > 4)) {
    __builtin_trap();
  }
  noise ^= (uint32_t)event->kind + (uint32_t)event->value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct kc_platform platform;
  uint8_t mode;
  size_t length;
  uint16_t code_size;
  uint16_t offset;
  uint8_t verdict;
  int64_t until;

  if (size < 1) {
    return 0;
  }
  mode = data[0];
  length = size - 1 > sizeof image ? sizeof image : size - 1;
  memset(image, 0, KC_HEADER_SIZE);
  memcpy(image, data + 1, length);
  if ((mode & 1) != 0 && length >= KC_HEADER_SIZE) {
    uint32_t crc;

    code_size = (uint16_t)(length - KC_HEADER_SIZE);
    image[4] = (uint8_t)code_size;
    image[5] = (uint8_t)(code_size >> 8);
    crc = fuzz_crc(image + KC_HEADER_SIZE, code_size, fuzz_crc(image, 10, 0));
    image[10] = (uint8_t)crc;
    image[11] = (uint8_t)(crc >> 8);
    image[12] = (uint8_t)(crc >> 16);
    image[13] = (uint8_t)(crc >> 24);
  }

  memset(&platform, 0, sizeof platform);
  platform.read_code = kc_read_code_from_memory;
  platform.code = image + KC_HEADER_SIZE;
  platform.read_sensor = read_sensor;
  platform.read_analog = read_analog;
  platform.read_digital = read_digital;
  platform.write_output = write_output;
  platform.trace = trace;
  platform.context = &machine;
  board.pump = (mode & 4) != 0 ? KC_NO_PUMP : 0;
  noise = mode;

  verdict = kc_verify(&board, &platform, image, (uint32_t)length, table, sizeof table, &offset);
  if (verdict == KC_VERIFY_OK && offset != 0) {
    __builtin_trap();
  }
  if (verdict != KC_VERIFY_OK && (mode & 2) == 0) {
    return 0;
  }
  /* A refused image may declare more code than the input holds. */
  code_size = (uint16_t)(image[4] | (unsigned)image[5] << 8);
  if (length < KC_HEADER_SIZE || code_size > length - KC_HEADER_SIZE) {
    return 0;
  }

  kc_vm_init(&machine, &board, &platform, image, (uint32_t)size);
  if ((mode & 8) == 0) {
    kc_vm_run(&machine, 2000000);
    return 0;
  }
  for (until = 0; kc_vm_run_until(&machine, until) == KC_END_NONE && until < 2000000;
       until += 1 + (int64_t)(noise % 50000u)) {
    if ((noise & 16) != 0) {
      kc_vm_catch_up(&machine, kc_vm_next_event_us(&machine));
    }
  }
  kc_vm_stop(&machine);
  return 0;
}
#else
typedef int kc_fuzz_needs_a_sanitizer;
#endif
