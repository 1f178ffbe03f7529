/* Analog readings against AVcc and the sensor conversions of board.md,
 * with the board file's numbers: integer arithmetic truncating toward
 * zero, step by step, exactly as the reference VM computes them. */
#include <avr/io.h>

#include "kc_fw.h"

#if defined(KC_SOIL_CHANNEL)
static int16_t kc_soil_from = KC_SOIL_FROM;
static int16_t kc_soil_to = KC_SOIL_TO;
#endif

void kc_fw_adc_init(void) {
  ADMUX = _BV(REFS0);
  /* 16 MHz / 128 = 125 kHz: inside the 50-200 kHz the 10 bits need. */
  ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);
}

uint16_t kc_fw_adc_read(uint8_t channel) {
  ADMUX = (uint8_t)(_BV(REFS0) | (channel & 0x07));
#if defined(MUX5)
  /* The Mega's channels 8-15 are MUX5 on. */
  ADCSRB = (uint8_t)((ADCSRB & ~_BV(MUX5)) | ((channel & 0x08) ? _BV(MUX5) : 0));
#endif
  ADCSRA |= _BV(ADSC);
  while ((ADCSRA & _BV(ADSC)) != 0) {
  }
  return ADC;
}

void kc_fw_soil_calibrate(uint16_t dry, uint16_t wet) {
#if defined(KC_SOIL_CHANNEL)
  kc_soil_from = (int16_t)dry;
  kc_soil_to = (int16_t)wet;
#else
  (void)dry;
  (void)wet;
#endif
}

static int32_t kc_clamp_percent(int32_t value) {
  return value < 0 ? 0 : (value > 100 ? 100 : value);
}

/* A digital sensor: true when the pin's level is its active level. */
static int32_t kc_switch(uint8_t pin, uint8_t active_high) {
  return kc_fw_read_pin(pin) == active_high;
}

int32_t kc_fw_sensor(uint8_t sensor) {
  int32_t raw;

  switch (sensor) {
#if defined(KC_SOIL_CHANNEL)
  case KC_SENSOR_SOIL_MOISTURE:
    raw = kc_fw_adc_read(KC_SOIL_CHANNEL);
    return kc_clamp_percent((raw - kc_soil_from) * 100 / (kc_soil_to - kc_soil_from));
#endif
#if defined(KC_LIGHT_CHANNEL)
  case KC_SENSOR_LIGHT:
    raw = kc_fw_adc_read(KC_LIGHT_CHANNEL);
    return raw * 100 / KC_LIGHT_FULL_SCALE;
#endif
#if defined(KC_TEMPERATURE_CHANNEL)
  case KC_SENSOR_TEMPERATURE:
    raw = kc_fw_adc_read(KC_TEMPERATURE_CHANNEL);
    raw = raw * KC_TEMPERATURE_VREF_MV / KC_TEMPERATURE_FULL_SCALE;
    return (raw - KC_TEMPERATURE_OFFSET_MV) / KC_TEMPERATURE_MV_PER_DEGREE;
#endif
#if defined(KC_TANK_PIN)
  case KC_SENSOR_TANK_EMPTY:
    return kc_switch(KC_TANK_PIN, KC_TANK_ACTIVE_HIGH);
#endif
#if defined(KC_BUTTON_PIN)
  case KC_SENSOR_BUTTON:
    return kc_switch(KC_BUTTON_PIN, KC_BUTTON_ACTIVE_HIGH);
#endif
  default:
    return 0;
  }
}

uint32_t kc_fw_noise_seed(void) {
  uint32_t seed = TCNT0;
  uint8_t round;

  /* The lowest bit of a reading is mostly noise; folded in over 32 reads
   * of every channel in turn, with a xorshift step between. */
  for (round = 0; round < 32; round++) {
    seed ^= kc_fw_adc_read(round % 6) & 1u;
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
  }
  return seed == 0 ? 1 : seed;
}
