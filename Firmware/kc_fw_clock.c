/* Board time: Timer0 in CTC mode ticks at 1 kHz (16 MHz / 64 / 250), and
 * TCNT0 gives the microseconds within the tick in steps of 4. Compare
 * unit B wakes the CPU within a tick when the VM's next event falls
 * there. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>

#include "kc_fw.h"

#define KC_TICK_COUNTS  250
#define KC_US_PER_COUNT 4
/* Closer than this, waking up would cost more than it saves: spin. */
#define KC_SLEEP_MIN_US 40

#if KC_CLOCK_HZ != 16000000UL
#error "the clock divides 16 MHz: another crystal needs other Timer0 numbers"
#endif

/* Microseconds at the last tick. Kept out of .bss: the clock starts
 * before the C runtime clears RAM (kc_fw_main.c, .init3). */
static volatile int64_t kc_clock_tick_us __attribute__((section(".noinit")));

/* An addition here saves a 64-bit multiplication at every reading. */
ISR(TIMER0_COMPA_vect) {
  kc_clock_tick_us += 1000;
}

/* Only wakes the CPU; one alarm at a time. */
ISR(TIMER0_COMPB_vect) {
  TIMSK0 &= (uint8_t)~_BV(OCIE0B);
}

/* Never inlined into the naked .init3 function that calls it. */
__attribute__((noinline)) void kc_fw_clock_start(void) {
  kc_clock_tick_us = 0;
  TCCR0A = _BV(WGM01);
  OCR0A = KC_TICK_COUNTS - 1;
  TCNT0 = 0;
  TIFR0 = _BV(OCF0A) | _BV(OCF0B);
  TIMSK0 = _BV(OCIE0A);
  TCCR0B = _BV(CS01) | _BV(CS00);
}

/* With interrupts off: a tick that wrapped TCNT0 but whose interrupt has
 * not run yet still counts. */
static int64_t kc_clock_locked(void) {
  uint8_t count = TCNT0;
  uint16_t inside = (uint16_t)count * KC_US_PER_COUNT;

  if ((TIFR0 & _BV(OCF0A)) != 0 && count < KC_TICK_COUNTS / 2) {
    inside += 1000;
  }
  return kc_clock_tick_us + inside;
}

int64_t kc_fw_clock_us(void) {
  uint8_t status = SREG;
  int64_t now;

  cli();
  now = kc_clock_locked();
  SREG = status;
  return now;
}

void kc_fw_sleep_until(int64_t due) {
  int64_t now;
  int64_t left;

  cli();
  now = kc_clock_locked();
  left = due - now;
  if (left > KC_SLEEP_MIN_US) {
    /* Within this tick: compare unit B wakes us on time; else the tick will. */
    if (left < 1000) {
      uint16_t target = (uint16_t)(TCNT0 * KC_US_PER_COUNT + (uint16_t)left);

      if (target < (KC_TICK_COUNTS - 1) * KC_US_PER_COUNT) {
        OCR0B = (uint8_t)((target + KC_US_PER_COUNT - 1) / KC_US_PER_COUNT);
        TIFR0 = _BV(OCF0B);
        TIMSK0 |= _BV(OCIE0B);
      }
    }
    sleep_enable();
    /* SEI then SLEEP: no interrupt can slip in between and be missed. */
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}
