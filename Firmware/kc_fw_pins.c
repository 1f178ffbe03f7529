/* Outputs and inputs from the board file's X-macros (kc_board_config.h),
 * PWM on Timer1 and Timer2, and the board constant the VM checks images
 * against. Every pin is a constant here, so each access compiles to one
 * SBI or CBI instruction. Timer0 is the clock (kc_fw_clock.c): its pins
 * D5 and D6 are plain digital outputs on these boards. */
#include <avr/io.h>

#include "kc_fw.h"

/* ---- PWM channels: compare register, control register, COM bits ---- */

/* A write to a PWM output: a duty cycle 2..254 connects the timer to the
 * pin (inverting when the output is active low); 0, 1 and 255 disconnect
 * it and drive the pin as a digital output, so that a digital write of 1
 * switches it fully on. */
#define KC_PWM_WRITE(compare, control, com1, com0, port, bit, low, value)                          \
  if ((value) > 1 && (value) < 255) {                                                              \
    compare = (uint8_t)(value);                                                                    \
    control |= (uint8_t)(_BV(com1) | ((low) ? _BV(com0) : 0));                                     \
  } else {                                                                                         \
    control &= (uint8_t) ~(_BV(com1) | _BV(com0));                                                 \
    KC_DRIVE(port, bit, ((value) != 0) ^ (low));                                                   \
  }

#define KC_DRIVE(port, bit, high)                                                                  \
  if (high) {                                                                                      \
    PORT##port |= _BV(bit);                                                                        \
  } else {                                                                                         \
    PORT##port &= (uint8_t)~_BV(bit);                                                              \
  }

#define KC_WRITE_NONE(port, bit, low, value) KC_DRIVE(port, bit, ((value) != 0) ^ (low))
#define KC_WRITE_OC1A(port, bit, low, value)                                                       \
  KC_PWM_WRITE(OCR1A, TCCR1A, COM1A1, COM1A0, port, bit, low, value)
#define KC_WRITE_OC1B(port, bit, low, value)                                                       \
  KC_PWM_WRITE(OCR1B, TCCR1A, COM1B1, COM1B0, port, bit, low, value)
#define KC_WRITE_OC2A(port, bit, low, value)                                                       \
  KC_PWM_WRITE(OCR2A, TCCR2A, COM2A1, COM2A0, port, bit, low, value)
#define KC_WRITE_OC2B(port, bit, low, value)                                                       \
  KC_PWM_WRITE(OCR2B, TCCR2A, COM2B1, COM2B0, port, bit, low, value)
#if defined(__AVR_ATmega2560__)
#define KC_WRITE_OC1C(port, bit, low, value)                                                       \
  KC_PWM_WRITE(OCR1C, TCCR1A, COM1C1, COM1C0, port, bit, low, value)
#endif

/* Which timer a channel needs (a channel not listed here fails to build:
 * its board needs a glue file in Boards/<name>/firmware). */
#define KC_TIMER1_NONE                              0
#define KC_TIMER1_OC1A                              1
#define KC_TIMER1_OC1B                              1
#define KC_TIMER1_OC1C                              1
#define KC_TIMER1_OC2A                              0
#define KC_TIMER1_OC2B                              0
#define KC_TIMER2_NONE                              0
#define KC_TIMER2_OC1A                              0
#define KC_TIMER2_OC1B                              0
#define KC_TIMER2_OC1C                              0
#define KC_TIMER2_OC2A                              1
#define KC_TIMER2_OC2B                              1

#define KC_COUNT_TIMER1(index, port, bit, low, pwm) +KC_TIMER1_##pwm
#define KC_COUNT_TIMER2(index, port, bit, low, pwm) +KC_TIMER2_##pwm
#define KC_USES_TIMER1                              (0 KC_OUTPUTS(KC_COUNT_TIMER1))
#define KC_USES_TIMER2                              (0 KC_OUTPUTS(KC_COUNT_TIMER2))

/* ---- The board constant ---- */

#define KC_PWM_BIT(index, port, bit, low, pwm)                                                     \
  | ((uint32_t)(KC_TIMER1_##pwm + KC_TIMER2_##pwm) << (index))
#define KC_PWM_MASK                                (0 KC_OUTPUTS(KC_PWM_BIT))
#define KC_DIGITAL_BIT(number, port, bit, pull_up) | (1UL << (number))
#define KC_DIGITAL_MASK                            (0 KC_INPUTS(KC_DIGITAL_BIT))

#define KC_BIT_COUNT(mask, n)                      (((mask) >> (n)) & 1)
#define KC_ANALOG_COUNT                                                                            \
  (KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 0) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 1) +             \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 2) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 3) +             \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 4) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 5) +             \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 6) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 7) +             \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 8) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 9) +             \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 10) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 11) +           \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 12) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 13) +           \
   KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 14) + KC_BIT_COUNT(KC_ANALOG_CHANNEL_MASK, 15))

#if KC_OUTPUT_MASK_BYTES == 1
#define KC_PWM_BYTES                                                                               \
  { (uint8_t) KC_PWM_MASK }
#elif KC_OUTPUT_MASK_BYTES == 2
#define KC_PWM_BYTES                                                                               \
  { (uint8_t) KC_PWM_MASK, (uint8_t)(KC_PWM_MASK >> 8) }
#else
#error "the firmware handles at most 16 outputs"
#endif

#if KC_PUMP_INDEX < 0
#define KC_PUMP_OUTPUT KC_NO_PUMP
#else
#define KC_PUMP_OUTPUT KC_PUMP_INDEX
#endif

/* The verifier borrows the stack slots as its table of one byte per code
 * byte: they must cover the largest code a slot holds. */
typedef char
    kc_fw_stack_covers_code[(KC_LIMIT_STACK_SLOTS * 4L >= KC_LIMIT_PROGRAM_BYTES - 14) ? 1 : -1];
/* The masks have 16 bits for pins and channels. */
typedef char
    kc_fw_pins_fit_masks[(KC_DIGITAL_MASK | (uint32_t)KC_ANALOG_CHANNEL_MASK) <= 0xFFFFu ? 1 : -1];

const struct kc_board kc_fw_board = {
    KC_LIMIT_PROGRAM_BYTES,
    KC_LIMIT_STACK_SLOTS,
    KC_BOARD_ID,
    (int32_t)KC_PUMP_MAX_ON_MS,
    KC_LIMIT_SCRIPTS,
    KC_LIMIT_GLOBALS,
    KC_LIMIT_TEXTS,
    KC_OUTPUT_COUNT,
    KC_PUMP_OUTPUT,
    KC_ANALOG_COUNT,
    KC_PWM_BYTES,
    {(uint8_t)KC_ANALOG_CHANNEL_MASK, (uint8_t)(KC_ANALOG_CHANNEL_MASK >> 8)},
    {(uint8_t)KC_DIGITAL_MASK, (uint8_t)(KC_DIGITAL_MASK >> 8)},
};

/* ---- Outputs ---- */

/* The level first, then the direction: the pin goes from floating
 * straight to OFF, never through ON. */
#define KC_OFF_OUTPUT(index, port, bit, low, pwm)                                                  \
  KC_DRIVE(port, bit, low)                                                                         \
  DDR##port |= _BV(bit);

/* Never inlined: it runs from the naked .init3 function, which has no
 * stack frame for an inlined body's locals. */
__attribute__((noinline)) void kc_fw_outputs_off(void) {
  if (KC_USES_TIMER1) {
    TCCR1A = 0;
  }
  if (KC_USES_TIMER2) {
    TCCR2A = 0;
  }
  KC_OUTPUTS(KC_OFF_OUTPUT)
}

#define KC_PUMP_OFF(index, port, bit, low, pwm)                                                    \
  if ((index) == KC_PUMP_INDEX) {                                                                  \
    KC_DRIVE(port, bit, low)                                                                       \
    DDR##port |= _BV(bit);                                                                         \
  }

void kc_fw_pump_off(void) {
  KC_OUTPUTS(KC_PUMP_OFF)
}

#define KC_WRITE_CASE(index, port, bit, low, pwm)                                                  \
  case index:                                                                                      \
    KC_WRITE_##pwm(port, bit, low, value) break;

void kc_fw_write_output(uint8_t output, int32_t value) {
  switch (output) {
    KC_OUTPUTS(KC_WRITE_CASE)
  default:
    break;
  }
}

/* ---- Inputs and timers ---- */

#define KC_INIT_INPUT(number, port, bit, pull_up)                                                  \
  DDR##port &= (uint8_t)~_BV(bit);                                                                 \
  KC_DRIVE(port, bit, pull_up)

void kc_fw_pins_init(void) {
  KC_INPUTS(KC_INIT_INPUT)
  /* The external interrupts stay masked, but their reset sense is "low
   * level": simavr 1.6 then polls, every cycle until it goes high again,
   * a pin that goes low (the tank switch, D2 = INT0), which slows the
   * virtual board a hundredfold. Sensing edges changes nothing on the chip. */
#if defined(EICRB)
  EICRA = 0x55;
  EICRB = 0x55;
#else
  EICRA = _BV(ISC10) | _BV(ISC00);
#endif
  /* 8-bit fast PWM at 16 MHz / 64 / 256 = 977 Hz, pins still disconnected. */
  if (KC_USES_TIMER1) {
    TCCR1A = _BV(WGM10);
    TCCR1B = _BV(WGM12) | _BV(CS11) | _BV(CS10);
  }
  if (KC_USES_TIMER2) {
    TCCR2A = _BV(WGM21) | _BV(WGM20);
    TCCR2B = _BV(CS22);
  }
}

#define KC_READ_CASE(number, port, bit, pull_up)                                                   \
  case number:                                                                                     \
    return (uint8_t)((PIN##port >> (bit)) & 1);

uint8_t kc_fw_read_pin(uint8_t pin) {
  switch (pin) {
    KC_INPUTS(KC_READ_CASE)
  default:
    return 0;
  }
}
