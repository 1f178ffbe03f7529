/* A benchmark firmware, not the board's: it runs the program in slot 0
 * flat out (no real-time pacing, no interrupts) and frames each measured
 * stretch with a pulse on output KC_BENCH_OUTPUT, whose edges the virtual
 * board reports with exact cycle counts. Two lengths of each stretch, so
 * that the host subtracts the fixed costs:
 *   pulses 1-2: the VM, KC_BENCH_INSTRUCTIONS and twice as many
 *   pulses 3-4: a C loop like the simple bytecode loop, N and 2N turns
 *   pulses 5-6: a C loop like VMBenchmark's mixed loop, N and 2N turns
 * then SLEEP with interrupts off, which ends the simulation. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>

#include "kc_fw.h"
#include "kc_fw_slots.h"
#include "kc_vm_state.h"

#ifndef KC_BENCH_OUTPUT
#define KC_BENCH_OUTPUT 1
#endif
/* A multiple of 10 and of 21: whole turns of both benchmark loops. */
#define KC_BENCH_INSTRUCTIONS 21000L
#define KC_BENCH_TURNS        1000

void kc_fw_bench_early(void) __attribute__((naked, used, section(".init3")));
void kc_fw_bench_early(void) {
  kc_fw_outputs_off();
  MCUSR = 0;
  wdt_disable();
}

static struct kc_vm kc_machine;
static volatile int32_t kc_g0;
static volatile int32_t kc_g1;
static volatile int32_t kc_l0;
static volatile uint8_t kc_sink;

static uint8_t kc_read_code(const void *code, uint16_t offset) {
  return kc_eeprom_read((uint16_t)(uintptr_t)code + offset);
}

static struct kc_platform kc_platform = {kc_read_code, 0, 0, 0, 0, 0, 0, 0};

static void kc_mark(uint8_t on) {
  kc_fw_write_output(KC_BENCH_OUTPUT, on);
}

static void kc_run_vm(const uint8_t *header, long instructions) {
  kc_vm_init(&kc_machine, &kc_fw_board, &kc_platform, header, 1);
  kc_mark(1);
  /* Every instruction costs 10 µs of board time and none sleeps. */
  kc_vm_run_until(&kc_machine, instructions * KC_INSTRUCTION_COST_US);
  kc_mark(0);
}

/* g0 = g0 + 1; g0 < 1000 */
static void kc_simple_loop(uint16_t turns) {
  kc_mark(1);
  while (turns-- > 0) {
    kc_g0 = kc_g0 + 1;
    kc_sink = kc_g0 < 1000;
  }
  kc_mark(0);
}

__attribute__((noinline)) static int32_t kc_sum(int32_t a, int32_t b) {
  return a + b;
}

/* g0 = (g0 × 3 + 7) % 1000; l0 += 1; g1 = sum(g0, 2) */
static void kc_mixed_loop(uint16_t turns) {
  kc_mark(1);
  while (turns-- > 0) {
    kc_g0 = (kc_g0 * 3 + 7) % 1000;
    kc_l0 = kc_l0 + 1;
    kc_g1 = kc_sum(kc_g0, 2);
  }
  kc_mark(0);
}

int main(void) {
  struct kc_slot stored;
  uint8_t header[KC_HEADER_SIZE];
  uint16_t offset;
  uint8_t at;

  if (kc_slot_check(0, &stored)) {
    for (at = 0; at < KC_HEADER_SIZE; at++) {
      header[at] = kc_eeprom_read(KC_SLOT_IMAGE(0) + at);
    }
    kc_platform.code = (const void *)(uintptr_t)(KC_SLOT_IMAGE(0) + KC_HEADER_SIZE);
    if (kc_vm_verify(&kc_machine, &kc_fw_board, &kc_platform, header, stored.length, &offset) ==
        KC_VERIFY_OK) {
      kc_run_vm(header, KC_BENCH_INSTRUCTIONS);
      kc_run_vm(header, 2 * KC_BENCH_INSTRUCTIONS);
    }
  }
  kc_simple_loop(KC_BENCH_TURNS);
  kc_simple_loop(2 * KC_BENCH_TURNS);
  kc_mixed_loop(KC_BENCH_TURNS);
  kc_mixed_loop(2 * KC_BENCH_TURNS);
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
