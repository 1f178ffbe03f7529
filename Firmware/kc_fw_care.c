/* Board care beside the program: the identify blink that helps staff find
 * a board on the table, and the soil probe's calibration
 * (docs/protocol.md, "Board care"). */
#include <stdint.h>

#include "kc_fw.h"
#include "kc_fw_slots.h"

/* One step of the blink: the LED is on for two steps in four, the buzzer
 * for the first of them. */
#define KC_IDENTIFY_STEP_US          125000
#define KC_IDENTIFY_STEPS_PER_SECOND 8
/* Steps are counted in a byte. */
#define KC_IDENTIFY_MAX_SECONDS 30
/* Soil readings averaged for a calibration. */
#define KC_SENSE_READS 16

/* Blink steps left (0: not identifying), and the clock time (low 32 bits)
 * of the next one: five bytes of RAM in all. */
static uint8_t kc_identify_steps;
static uint32_t kc_identify_next;

/* The LED and the buzzer, or the program's values of them. */
static void kc_identify_show(uint8_t led, uint8_t buzzer) {
#if KC_LED_BUILTIN_INDEX >= 0
  kc_fw_write_output(KC_LED_BUILTIN_INDEX, led);
#else
  (void)led;
#endif
#if KC_BUZZER_INDEX >= 0
  kc_fw_write_output(KC_BUZZER_INDEX, buzzer);
#else
  (void)buzzer;
#endif
}

static void kc_identify_end(void) {
  kc_identify_steps = 0;
  kc_identify_show(
#if KC_LED_BUILTIN_INDEX >= 0
      kc_fw_program_output(KC_LED_BUILTIN_INDEX),
#else
      0,
#endif
#if KC_BUZZER_INDEX >= 0
      kc_fw_program_output(KC_BUZZER_INDEX)
#else
      0
#endif
  );
}

void kc_fw_identify(uint8_t seconds) {
  if (seconds == 0) {
    if (kc_identify_steps != 0) {
      kc_identify_end();
    }
    return;
  }
  if (seconds > KC_IDENTIFY_MAX_SECONDS) {
    seconds = KC_IDENTIFY_MAX_SECONDS;
  }
  kc_identify_steps = (uint8_t)(seconds * KC_IDENTIFY_STEPS_PER_SECOND);
  kc_identify_next = (uint32_t)kc_fw_clock_us();
  kc_fw_identify_poll();
}

uint8_t kc_fw_identify_holds(uint8_t output) {
  return kc_identify_steps != 0 &&
         ((int8_t)output == KC_LED_BUILTIN_INDEX || (int8_t)output == KC_BUZZER_INDEX);
}

int64_t kc_fw_identify_poll(void) {
  int64_t now;

  if (kc_identify_steps == 0) {
    return INT64_MAX;
  }
  now = kc_fw_clock_us();
  if ((int32_t)((uint32_t)now - kc_identify_next) >= 0) {
    if (kc_identify_steps == 1) {
      kc_identify_end();
      return INT64_MAX;
    }
    /* Steps count down from a multiple of four: LED on for 0 and 3,
     * buzzer on for 0. */
    kc_identify_show((kc_identify_steps & 3) == 0 || (kc_identify_steps & 3) == 3,
                     (kc_identify_steps & 3) == 0);
    kc_identify_steps--;
    kc_identify_next += KC_IDENTIFY_STEP_US;
  }
  return now + (int32_t)(kc_identify_next - (uint32_t)now);
}

uint8_t kc_fw_calibrate(uint16_t dry, uint16_t wet) {
#if defined(KC_SOIL_CHANNEL)
  if (dry > 1023 || wet > 1023) {
    return KC_STATUS_BAD_REQUEST;
  }
  kc_config_set_soil(dry, wet);
  if (dry == wet) {
    kc_fw_soil_calibrate(KC_SOIL_FROM, KC_SOIL_TO);
  } else {
    kc_fw_soil_calibrate(dry, wet);
  }
  return KC_STATUS_OK;
#else
  (void)dry;
  (void)wet;
  return KC_STATUS_NO_SENSOR;
#endif
}

uint8_t kc_fw_sense(uint16_t *raw, uint8_t *percent) {
#if defined(KC_SOIL_CHANNEL)
  uint16_t sum = 0;
  uint8_t read;

  for (read = 0; read < KC_SENSE_READS; read++) {
    sum = (uint16_t)(sum + kc_fw_adc_read(KC_SOIL_CHANNEL));
  }
  *raw = (uint16_t)((sum + KC_SENSE_READS / 2) / KC_SENSE_READS);
  *percent = (uint8_t)kc_fw_sensor(KC_SENSOR_SOIL_MOISTURE);
  return KC_STATUS_OK;
#else
  *raw = 0;
  *percent = 0;
  return KC_STATUS_NO_SENSOR;
#endif
}
