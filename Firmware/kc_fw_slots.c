/* The config block and the two program slots in EEPROM: which program
 * boots, and how a new one replaces it without ever leaving the board
 * with none (docs/firmware.md, "EEPROM"). */
#include "kc_fw_slots.h"

#if defined(__AVR__)
#include <avr/pgmspace.h>
#define KC_SLOTS_FLASH           PROGMEM
#define KC_SLOTS_READ_U32(entry) pgm_read_dword(entry)
#else
#define KC_SLOTS_FLASH
#define KC_SLOTS_READ_U32(entry) (*(entry))
#endif

/* What is known of each slot since power-up: bit `slot` is set once its
 * image has been checked against its header's CRC-32, bit `slot + 2`
 * when they matched, bit `slot + 4` once the VM's verifier accepted it.
 * Only this file writes the slots, and it forgets a slot before writing
 * there, so a known answer holds until then: an upload then reads the
 * new image back once instead of seven times, and verifies it once
 * (docs/firmware.md, "EEPROM"). */
static uint8_t kc_slot_known;

void kc_slot_forget(void) {
  kc_slot_known = 0;
}

/* `valid`: 1 (matched), 0 (did not) or KC_SLOT_NONE (unknown again). */
static void kc_slot_learn(uint8_t slot, uint8_t valid) {
  kc_slot_known &= (uint8_t) ~(0x15u << slot);
  if (valid != KC_SLOT_NONE) {
    kc_slot_known |= (uint8_t)((valid ? 5u : 1u) << slot);
  }
}

void kc_slot_set_verified(uint8_t slot) {
  if (slot <= 1) {
    kc_slot_known |= (uint8_t)(0x10u << slot);
  }
}

uint8_t kc_slot_verified(uint8_t slot) {
  return slot <= 1 && (kc_slot_known >> (slot + 4) & 1u) != 0;
}

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

/* CRC-32 a nibble at a time: 64 bytes of table, about three times the
 * speed of the bit-by-bit loop (a byte table would cost 1 KB of flash). */
static const uint32_t kc_crc32_nibbles[16] KC_SLOTS_FLASH = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

uint32_t kc_crc32_eeprom(uint16_t address, uint16_t length) {
  uint32_t crc = 0xFFFFFFFFu;

  while (length-- > 0) {
    crc ^= kc_eeprom_read(address++);
    crc = (crc >> 4) ^ KC_SLOTS_READ_U32(&kc_crc32_nibbles[crc & 15u]);
    crc = (crc >> 4) ^ KC_SLOTS_READ_U32(&kc_crc32_nibbles[crc & 15u]);
  }
  return crc ^ 0xFFFFFFFFu;
}

uint8_t kc_generation_newer(uint16_t a, uint16_t b) {
  return (int16_t)(uint16_t)(a - b) > 0;
}

uint8_t kc_slot_check(uint8_t slot, struct kc_slot *header) {
  uint16_t address = KC_SLOT_ADDRESS(slot);
  uint8_t valid;

  header->length = kc_eeprom_u16(address + KC_SLOT_LENGTH);
  header->crc = kc_eeprom_u32(address + KC_SLOT_CRC);
  header->generation = kc_eeprom_u16(address + KC_SLOT_GENERATION);
  if (slot > 1 || header->generation == KC_GENERATION_NONE || header->length < KC_IMAGE_MIN_BYTES ||
      header->length > KC_LIMIT_PROGRAM_BYTES) {
    return 0;
  }
  if ((kc_slot_known >> slot & 1u) != 0) {
    return kc_slot_known >> (slot + 2) & 1u;
  }
  valid = kc_crc32_eeprom(KC_SLOT_IMAGE(slot), header->length) == header->crc;
  kc_slot_learn(slot, valid);
  return valid;
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
  kc_slot_learn(slot, KC_SLOT_NONE);
  kc_eeprom_put(KC_SLOT_ADDRESS(slot) + KC_SLOT_GENERATION, KC_GENERATION_NONE, 2);
}

uint16_t kc_slot_write(uint8_t slot, uint16_t offset, const uint8_t *bytes, uint16_t count) {
  uint16_t stored = 0;

  if (slot > 1) {
    return 0;
  }
  kc_slot_learn(slot, KC_SLOT_NONE);
  while (stored < count && offset < KC_LIMIT_PROGRAM_BYTES) {
    kc_eeprom_update(KC_SLOT_IMAGE(slot) + offset++, bytes[stored++]);
  }
  return stored;
}

uint8_t kc_slot_holds(uint8_t slot, uint16_t length, uint32_t crc) {
  if (slot > 1) {
    return KC_COMMIT_SLOT;
  }
  if (length < KC_IMAGE_MIN_BYTES || length > KC_LIMIT_PROGRAM_BYTES) {
    return KC_COMMIT_LENGTH;
  }
  return kc_crc32_eeprom(KC_SLOT_IMAGE(slot), length) == crc ? KC_COMMIT_OK : KC_COMMIT_CRC;
}

void kc_slot_seal(uint8_t slot, uint16_t length, uint32_t crc) {
  struct kc_slot other;
  uint16_t address = KC_SLOT_ADDRESS(slot);
  uint16_t generation = 1;

  if (kc_slot_check((uint8_t)(1 - slot), &other)) {
    generation = (uint16_t)(other.generation + 1);
  }
  /* 0xFFFF means "never written": the generation after 0xFFFE is 0. */
  if (generation == KC_GENERATION_NONE) {
    generation = 0;
  }
  kc_slot_learn(slot, KC_SLOT_NONE);
  kc_eeprom_put(address + KC_SLOT_LENGTH, length, 2);
  kc_eeprom_put(address + KC_SLOT_CRC, crc, 4);
  kc_eeprom_put(address + KC_SLOT_GENERATION, generation, 2);
  /* The image was just read back with this CRC, and nothing wrote it since. */
  kc_slot_learn(slot, 1);
}

uint8_t kc_slot_commit(uint8_t slot, uint16_t length, uint32_t crc) {
  uint8_t result = kc_slot_holds(slot, length, crc);

  if (result == KC_COMMIT_OK) {
    kc_slot_seal(slot, length, crc);
  }
  return result;
}
