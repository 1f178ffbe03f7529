/* The EEPROM: a config block, then two program slots (docs/firmware.md
 * gives the layout). Portable C: the board reaches its EEPROM through
 * avr-libc, the host tests through kc_eeprom_read and kc_eeprom_update of
 * their own, so the same slot logic is tested with simulated power cuts. */
#ifndef KC_FW_SLOTS_H
#define KC_FW_SLOTS_H

#include <stdint.h>

#include "kc_board_config.h"

#if defined(__AVR__)
#include <avr/eeprom.h>
#define kc_eeprom_read(address) eeprom_read_byte((const uint8_t *)(uintptr_t)(address))
#define kc_eeprom_update(address, value)                                                           \
  eeprom_update_byte((uint8_t *)(uintptr_t)(address), (value))
#else
uint8_t kc_eeprom_read(uint16_t address);
void kc_eeprom_update(uint16_t address, uint8_t value);
#endif

/* ---- Layout ---- */

#define KC_CONFIG_ADDRESS 0
#define KC_CONFIG_SIZE    32
/* Offsets in the config block. */
#define KC_CONFIG_MAGIC      0  /* "KF" */
#define KC_CONFIG_VERSION    2  /* KC_CONFIG_FORMAT */
#define KC_CONFIG_CALIBRATED 3  /* 1: the soil calibration below is valid */
#define KC_CONFIG_SEED       4  /* u32; 0: seed from ADC noise */
#define KC_CONFIG_SOIL_DRY   8  /* u16 raw reading in dry soil */
#define KC_CONFIG_SOIL_WET   10 /* u16 raw reading in water */
#define KC_CONFIG_BOARD_NAME 12 /* 16 bytes, NUL padded */
#define KC_CONFIG_NAME_BYTES 16
#define KC_CONFIG_HOLD       28 /* 1: stopped from the computer, not run at power-up */
#define KC_CONFIG_FORMAT     1

/* A slot: header {length u16, CRC-32 u32, generation u16}, then the image. */
#define KC_SLOT_LENGTH        0
#define KC_SLOT_CRC           2
#define KC_SLOT_GENERATION    6
#define KC_SLOT_HEADER_SIZE   8
#define KC_SLOT_SIZE          (KC_SLOT_HEADER_SIZE + KC_LIMIT_PROGRAM_BYTES)
#define KC_SLOT_ADDRESS(slot) (KC_CONFIG_SIZE + (uint16_t)(slot)*KC_SLOT_SIZE)
/* The first byte of a slot's image. */
#define KC_SLOT_IMAGE(slot) (KC_SLOT_ADDRESS(slot) + KC_SLOT_HEADER_SIZE)
/* A generation never written, as erased EEPROM reads. */
#define KC_GENERATION_NONE 0xFFFFu
#define KC_SLOT_NONE       0xFF
/* An image is at least its header. */
#define KC_IMAGE_MIN_BYTES 14

#if KC_CONFIG_SIZE + 2 * KC_SLOT_SIZE > KC_EEPROM_BYTES
#error "two program slots and the config block do not fit the board's EEPROM"
#endif

/* ---- Config block ---- */

struct kc_config {
  uint32_t seed;
  uint16_t soil_dry;
  uint16_t soil_wet;
  /* The soil calibration holds (else the board file's numbers). */
  uint8_t calibrated;
  /* Stopped from the computer: the program waits for a run request
   * instead of starting at power-up. */
  uint8_t hold;
};

/* Reads the config block; returns 0 and a zeroed config (seed from noise,
 * no calibration) when the block is blank or of another format. */
uint8_t kc_config_read(struct kc_config *config);
/* Stores the board's name (`count` bytes, at most KC_CONFIG_NAME_BYTES,
 * NUL padded). A blank config block is first given its defaults. */
void kc_config_set_name(const uint8_t *name, uint8_t count);
/* Stores the soil probe's raw readings dry and wet; equal readings clear
 * the calibration (the board file's numbers again). The flag is cleared
 * first and set last: a power cut in between leaves no calibration, never
 * half of one. */
void kc_config_set_soil(uint16_t dry, uint16_t wet);
/* Stores whether the program waits at power-up (1) or starts (0). */
void kc_config_set_hold(uint8_t hold);
/* 1 when the program waits at power-up. */
uint8_t kc_config_held(void);

/* ---- Slots ---- */

/* A slot's header as stored. */
struct kc_slot {
  uint32_t crc;
  uint16_t length;
  uint16_t generation;
};

/* Forgets what kc_slot_check learnt of the slots: for a power-up, or
 * when the EEPROM changed behind this file's back (tests). */
void kc_slot_forget(void);
/* Records that the VM's verifier accepted the slot's image, until the
 * slot is written again or the board restarts. */
void kc_slot_set_verified(uint8_t slot);
/* 1 when the verifier accepted the slot's image since it was written. */
uint8_t kc_slot_verified(uint8_t slot);
/* Reads a slot's header; returns 1 when the slot is valid: its length in
 * range, its generation written, the CRC-32 of its image matching. */
uint8_t kc_slot_check(uint8_t slot, struct kc_slot *header);
/* The valid slot to run: of the valid ones, the one with the newer
 * generation (serial-number arithmetic), skipping `excluded` (or
 * KC_SLOT_NONE). Returns KC_SLOT_NONE when no slot is valid. */
uint8_t kc_slot_select(uint8_t excluded, struct kc_slot *header);
/* 1 when generation a comes after b (serial-number arithmetic, 16 bits). */
uint8_t kc_generation_newer(uint16_t a, uint16_t b);

/* ---- Replacing the program (an upload) ---- */

enum kc_commit_result {
  KC_COMMIT_OK = 0,
  KC_COMMIT_SLOT = 1,   /* no such slot */
  KC_COMMIT_LENGTH = 2, /* shorter than a header or longer than a slot */
  KC_COMMIT_CRC = 3     /* the bytes stored do not have the CRC announced */
};

/* The slot an upload writes: never the one that runs now. */
uint8_t kc_slot_target(void);
/* Marks `slot` unwritten (its generation erased) before any byte of the
 * new image: a power cut from now on leaves it invalid. */
void kc_slot_begin(uint8_t slot);
/* Stores image bytes at `offset` in the slot (bytes beyond the slot are
 * ignored). Returns the bytes stored. */
uint16_t kc_slot_write(uint8_t slot, uint16_t offset, const uint8_t *bytes, uint16_t count);
/* Whether the `length` bytes stored in `slot` have the CRC-32 `crc`:
 * KC_COMMIT_OK, or why not. */
uint8_t kc_slot_holds(uint8_t slot, uint16_t length, uint32_t crc);
/* Writes length and CRC, then the generation last (one past the other
 * slot's): only that last write makes the new program the one that
 * boots. Only right after kc_slot_holds answered KC_COMMIT_OK for the
 * same slot, length and CRC, with no write in between. */
void kc_slot_seal(uint8_t slot, uint16_t length, uint32_t crc);
/* kc_slot_holds, then kc_slot_seal when the bytes hold. */
uint8_t kc_slot_commit(uint8_t slot, uint16_t length, uint32_t crc);

/* CRC-32 (IEEE, as zlib) of EEPROM bytes. */
uint32_t kc_crc32_eeprom(uint16_t address, uint16_t length);

#endif
