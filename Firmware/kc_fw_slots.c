/* The config block and the two program slots in EEPROM: which program
 * boots, and how a new one replaces it without ever leaving the board
 * with none (docs/firmware.md, "EEPROM"). */
#include "kc_fw_slots.h"

static uint16_t kc_eeprom_u16(uint16_t address) {
  return (uint16_t)(kc_eeprom_read(address) | (uint16_t)kc_eeprom_read(address + 1) << 8);
}

static uint32_t kc_eeprom_u32(uint16_t address) {
  return kc_eeprom_u16(address) | (uint32_t)kc_eeprom_u16(address + 2) << 16;
}

/* Little endian, lowest byte first. */
static void kc_eeprom_put(uint16_t address, uint32_t value, uint8_t bytes) {
  while (bytes-- > 0) {
    kc_eeprom_update(address++, (uint8_t)value);
    value >>= 8;
  }
}

uint8_t kc_config_read(struct kc_config *config) {
  config->seed = 0;
  config->soil_dry = 0;
  config->soil_wet = 0;
  config->calibrated = 0;
  config->hold = 0;
  if (kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC) != 'K' ||
      kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC + 1) != 'F' ||
      kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_VERSION) != KC_CONFIG_FORMAT) {
    return 0;
  }
  config->seed = kc_eeprom_u32(KC_CONFIG_ADDRESS + KC_CONFIG_SEED);
  config->hold = kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_HOLD) == 1;
  if (kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_CALIBRATED) == 1) {
    config->soil_dry = kc_eeprom_u16(KC_CONFIG_ADDRESS + KC_CONFIG_SOIL_DRY);
    config->soil_wet = kc_eeprom_u16(KC_CONFIG_ADDRESS + KC_CONFIG_SOIL_WET);
    /* Equal readings would divide by zero in the conversion. */
    config->calibrated = config->soil_dry != config->soil_wet;
  }
  return 1;
}

/* A config block of this format, written with its defaults (seed from
 * noise, no calibration, no name) when it is blank or of another one. */
static void kc_config_prepare(void) {
  uint8_t at;

  if (kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC) == 'K' &&
      kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC + 1) == 'F' &&
      kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_VERSION) == KC_CONFIG_FORMAT) {
    return;
  }
  /* The magic last, so that a power cut leaves a block still blank. */
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC, 0xFF);
  for (at = KC_CONFIG_CALIBRATED; at < KC_CONFIG_SIZE; at++) {
    kc_eeprom_update(KC_CONFIG_ADDRESS + at, at < KC_CONFIG_BOARD_NAME ? 0 : 0xFF);
  }
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_VERSION, KC_CONFIG_FORMAT);
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC + 1, 'F');
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_MAGIC, 'K');
}

void kc_config_set_name(const uint8_t *name, uint8_t count) {
  uint8_t at;

  kc_config_prepare();
  for (at = 0; at < KC_CONFIG_NAME_BYTES; at++) {
    kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_BOARD_NAME + at, at < count ? name[at] : 0);
  }
}

void kc_config_set_soil(uint16_t dry, uint16_t wet) {
  kc_config_prepare();
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_CALIBRATED, 0);
  if (dry == wet) {
    return;
  }
  kc_eeprom_put(KC_CONFIG_ADDRESS + KC_CONFIG_SOIL_DRY, dry, 2);
  kc_eeprom_put(KC_CONFIG_ADDRESS + KC_CONFIG_SOIL_WET, wet, 2);
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_CALIBRATED, 1);
}

uint8_t kc_config_held(void) {
  struct kc_config config;

  kc_config_read(&config);
  return config.hold;
}

void kc_config_set_hold(uint8_t hold) {
  kc_config_prepare();
  kc_eeprom_update(KC_CONFIG_ADDRESS + KC_CONFIG_HOLD, hold);
}

uint32_t kc_crc32_eeprom(uint16_t address, uint16_t length) {
  uint32_t crc = 0xFFFFFFFFu;

  while (length-- > 0) {
    uint8_t bit;

    crc ^= kc_eeprom_read(address++);
    /* Bit by bit: a table would cost 1 KB of flash for a check done at boot. */
    for (bit = 0; bit < 8; bit++) {
      crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
  }
  return crc ^ 0xFFFFFFFFu;
}

uint8_t kc_generation_newer(uint16_t a, uint16_t b) {
  return (int16_t)(uint16_t)(a - b) > 0;
}

uint8_t kc_slot_check(uint8_t slot, struct kc_slot *header) {
  uint16_t address = KC_SLOT_ADDRESS(slot);

  header->length = kc_eeprom_u16(address + KC_SLOT_LENGTH);
  header->crc = kc_eeprom_u32(address + KC_SLOT_CRC);
  header->generation = kc_eeprom_u16(address + KC_SLOT_GENERATION);
  if (slot > 1 || header->generation == KC_GENERATION_NONE || header->length < KC_IMAGE_MIN_BYTES ||
      header->length > KC_LIMIT_PROGRAM_BYTES) {
    return 0;
  }
  return kc_crc32_eeprom(KC_SLOT_IMAGE(slot), header->length) == header->crc;
}

uint8_t kc_slot_select(uint8_t excluded, struct kc_slot *header) {
  struct kc_slot other;
  uint8_t chosen = KC_SLOT_NONE;
  uint8_t slot;

  for (slot = 0; slot < 2; slot++) {
    if (slot == excluded || !kc_slot_check(slot, &other)) {
      continue;
    }
    /* On equal generations the lower slot wins: any fixed rule will do. */
    if (chosen == KC_SLOT_NONE || kc_generation_newer(other.generation, header->generation)) {
      chosen = slot;
      *header = other;
    }
  }
  return chosen;
}

uint8_t kc_slot_target(void) {
  struct kc_slot header;

  return kc_slot_select(KC_SLOT_NONE, &header) == 0 ? 1 : 0;
}

void kc_slot_begin(uint8_t slot) {
  if (slot > 1) {
    return;
  }
  kc_eeprom_put(KC_SLOT_ADDRESS(slot) + KC_SLOT_GENERATION, KC_GENERATION_NONE, 2);
}

uint16_t kc_slot_write(uint8_t slot, uint16_t offset, const uint8_t *bytes, uint16_t count) {
  uint16_t stored = 0;

  if (slot > 1) {
    return 0;
  }
  while (stored < count && offset < KC_LIMIT_PROGRAM_BYTES) {
    kc_eeprom_update(KC_SLOT_IMAGE(slot) + offset++, bytes[stored++]);
  }
  return stored;
}

uint8_t kc_slot_commit(uint8_t slot, uint16_t length, uint32_t crc) {
  struct kc_slot other;
  uint16_t address = KC_SLOT_ADDRESS(slot);
  uint16_t generation = 1;

  if (slot > 1) {
    return KC_COMMIT_SLOT;
  }
  if (length < KC_IMAGE_MIN_BYTES || length > KC_LIMIT_PROGRAM_BYTES) {
    return KC_COMMIT_LENGTH;
  }
  if (kc_crc32_eeprom(KC_SLOT_IMAGE(slot), length) != crc) {
    return KC_COMMIT_CRC;
  }
  if (kc_slot_check((uint8_t)(1 - slot), &other)) {
    generation = (uint16_t)(other.generation + 1);
  }
  /* 0xFFFF means "never written": the generation after 0xFFFE is 0. */
  if (generation == KC_GENERATION_NONE) {
    generation = 0;
  }
  kc_eeprom_put(address + KC_SLOT_LENGTH, length, 2);
  kc_eeprom_put(address + KC_SLOT_CRC, crc, 4);
  kc_eeprom_put(address + KC_SLOT_GENERATION, generation, 2);
  return KC_COMMIT_OK;
}
