/* The slot logic of kc_fw_slots.c on the host, against an EEPROM in
 * memory that can lose power after any byte written: whatever byte an
 * upload stops at, the board boots a whole program, the old one or the
 * new one, never a mixture and never none. Prints one line a check and
 * a summary; exits 1 when a check fails. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "kc_fw_slots.h"

static uint8_t kc_memory[KC_EEPROM_BYTES];
/* Bytes that may still be written before the power goes; -1: no cut. */
static long kc_writes_left = -1;
static jmp_buf kc_power_cut;
static int kc_passed;
static int kc_failed;

uint8_t kc_eeprom_read(uint16_t address) {
  return address < KC_EEPROM_BYTES ? kc_memory[address] : 0xFF;
}

void kc_eeprom_update(uint16_t address, uint8_t value) {
  if (address >= KC_EEPROM_BYTES || kc_memory[address] == value) {
    return;
  }
  if (kc_writes_left == 0) {
    longjmp(kc_power_cut, 1);
  }
  if (kc_writes_left > 0) {
    kc_writes_left--;
  }
  kc_memory[address] = value;
}

/* The board starts again: RAM forgets, the EEPROM stays. Every change
 * made to kc_memory behind the slot code's back is followed by one: on a
 * board, only a power-up would find it. */
static void kc_power_up(void) {
  kc_slot_forget();
}

static void kc_check(int condition, const char *what) {
  if (condition) {
    kc_passed++;
  } else {
    kc_failed++;
    printf("FAILED: %s\n", what);
  }
}

/* An image-like block of `length` bytes that differs with `seed`. */
static void kc_make_image(uint8_t *image, uint16_t length, uint8_t seed) {
  uint16_t at;

  for (at = 0; at < length; at++) {
    image[at] = (uint8_t)(seed * 31 + at * 7 + (at >> 3));
  }
}

/* The CRC the host would announce: the EEPROM path's, over a copy. */
static uint32_t kc_crc_of(const uint8_t *bytes, uint16_t length) {
  static uint8_t saved[KC_EEPROM_BYTES];
  uint32_t crc;
  uint16_t at;

  memcpy(saved, kc_memory, sizeof saved);
  for (at = 0; at < length; at++) {
    kc_memory[at] = bytes[at];
  }
  crc = kc_crc32_eeprom(0, length);
  memcpy(kc_memory, saved, sizeof saved);
  return crc;
}

/* A whole upload: begin, write in chunks, commit. */
static uint8_t kc_upload(uint8_t slot, const uint8_t *image, uint16_t length) {
  uint16_t at;

  kc_slot_begin(slot);
  for (at = 0; at < length; at += 32) {
    kc_slot_write(slot, at, image + at, (uint16_t)(length - at < 32 ? length - at : 32));
  }
  return kc_slot_commit(slot, length, kc_crc_of(image, length));
}

/* The image the board boots, compared with `image`. */
static int kc_boots(const uint8_t *image, uint16_t length) {
  struct kc_slot header;
  uint8_t slot = kc_slot_select(KC_SLOT_NONE, &header);
  uint16_t at;

  if (slot == KC_SLOT_NONE || header.length != length) {
    return 0;
  }
  for (at = 0; at < length; at++) {
    if (kc_memory[KC_SLOT_IMAGE(slot) + at] != image[at]) {
      return 0;
    }
  }
  return 1;
}

static void kc_test_crc(void) {
  static const char text[] = "123456789";

  memcpy(kc_memory, text, 9);
  kc_check(kc_crc32_eeprom(0, 9) == 0xCBF43926u, "CRC-32 of \"123456789\" is 0xCBF43926");
}

static void kc_test_blank(void) {
  struct kc_slot header;
  struct kc_config config;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_power_up();
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == KC_SLOT_NONE, "a blank EEPROM boots nothing");
  kc_check(kc_slot_target() == 0, "the first upload goes to slot 0");
  kc_check(kc_config_read(&config) == 0 && config.seed == 0 && !config.calibrated,
           "a blank config block gives the defaults");
}

static void kc_test_uploads(void) {
  static uint8_t first[KC_LIMIT_PROGRAM_BYTES];
  static uint8_t second[KC_LIMIT_PROGRAM_BYTES];
  struct kc_slot header;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_power_up();
  kc_make_image(first, 200, 1);
  kc_make_image(second, KC_LIMIT_PROGRAM_BYTES, 2);
  kc_check(kc_upload(kc_slot_target(), first, 200) == KC_COMMIT_OK, "the first upload commits");
  kc_check(kc_boots(first, 200), "the first program boots");
  kc_check(kc_slot_target() == 1, "the next upload goes to the other slot");
  kc_check(kc_upload(kc_slot_target(), second, KC_LIMIT_PROGRAM_BYTES) == KC_COMMIT_OK,
           "a full-size upload commits");
  kc_check(kc_boots(second, KC_LIMIT_PROGRAM_BYTES), "the newer program boots");
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == 1 && header.generation == 2,
           "its generation is one past the other's");
  kc_check(kc_slot_target() == 0, "the third upload goes back to slot 0");

  kc_slot_begin(0);
  kc_slot_write(0, 0, first, 200);
  kc_check(kc_slot_commit(0, 200, 0x12345678u) == KC_COMMIT_CRC,
           "a commit with the wrong CRC is refused");
  kc_check(kc_boots(second, KC_LIMIT_PROGRAM_BYTES),
           "after a refused commit the old program boots");
  kc_check(kc_slot_commit(0, 5, 0) == KC_COMMIT_LENGTH,
           "a commit shorter than a header is refused");
  kc_check(kc_slot_commit(0, KC_LIMIT_PROGRAM_BYTES + 1, 0) == KC_COMMIT_LENGTH,
           "a commit longer than a slot is refused");
  kc_check(kc_slot_commit(2, 200, 0) == KC_COMMIT_SLOT, "there is no slot 2");

  /* What the slot code learnt follows its own writes, with no power-up. */
  kc_check(kc_upload(0, first, 200) == KC_COMMIT_OK && kc_boots(first, 200),
           "a new upload boots at once");
  kc_slot_write(0, 10, second, 1);
  kc_check(kc_boots(second, KC_LIMIT_PROGRAM_BYTES),
           "a byte written into the running slot sends the board back to the other");
  kc_slot_begin(1);
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == KC_SLOT_NONE,
           "with both slots changed nothing boots");

  /* The verifier's answer is kept the same way. */
  kc_upload(0, first, 200);
  kc_slot_set_verified(0);
  kc_check(kc_slot_verified(0) && !kc_slot_verified(1), "a verified slot is remembered");
  kc_slot_write(0, 0, first, 1);
  kc_check(!kc_slot_verified(0), "any write to the slot forgets the verifier's answer");
  kc_slot_set_verified(0);
  kc_power_up();
  kc_check(!kc_slot_verified(0), "a power-up verifies again");
}

static void kc_test_corruption(void) {
  static uint8_t first[100];
  static uint8_t second[120];
  struct kc_slot header;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_power_up();
  kc_make_image(first, 100, 3);
  kc_make_image(second, 120, 4);
  kc_upload(0, first, 100);
  kc_upload(1, second, 120);
  kc_check(kc_boots(second, 120), "the newer slot boots");
  kc_memory[KC_SLOT_IMAGE(1) + 50] ^= 0x10;
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == 1,
           "a slot known valid is not read again before the next power-up");
  kc_power_up();
  kc_check(kc_boots(first, 100), "a flipped bit in the newer slot falls back to the older");
  kc_memory[KC_SLOT_IMAGE(1) + 50] ^= 0x10;
  kc_power_up();
  kc_check(kc_boots(second, 120), "mended, the newer slot boots again");
  kc_memory[KC_SLOT_ADDRESS(1) + KC_SLOT_LENGTH] = 0xFF;
  kc_memory[KC_SLOT_ADDRESS(1) + KC_SLOT_LENGTH + 1] = 0xFF;
  kc_power_up();
  kc_check(kc_boots(first, 100), "a length past the slot makes the slot invalid");
}

/* Two valid slots with the given generations: the board boots `expected`. */
static void kc_test_generations(uint16_t first, uint16_t second, uint8_t expected,
                                const char *what) {
  static uint8_t image[64];
  struct kc_slot header;
  uint8_t slot;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_make_image(image, 64, 5);
  for (slot = 0; slot < 2; slot++) {
    uint16_t generation = slot == 0 ? first : second;

    kc_slot_write(slot, 0, image, 64);
    kc_memory[KC_SLOT_ADDRESS(slot) + KC_SLOT_LENGTH] = 64;
    kc_memory[KC_SLOT_ADDRESS(slot) + KC_SLOT_LENGTH + 1] = 0;
    {
      uint32_t crc = kc_crc32_eeprom(KC_SLOT_IMAGE(slot), 64);
      uint8_t at;

      for (at = 0; at < 4; at++) {
        kc_memory[KC_SLOT_ADDRESS(slot) + KC_SLOT_CRC + at] = (uint8_t)(crc >> (8 * at));
      }
    }
    kc_memory[KC_SLOT_ADDRESS(slot) + KC_SLOT_GENERATION] = (uint8_t)generation;
    kc_memory[KC_SLOT_ADDRESS(slot) + KC_SLOT_GENERATION + 1] = (uint8_t)(generation >> 8);
    kc_power_up();
  }
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == expected, what);
}

static void kc_test_wrap(void) {
  static uint8_t image[40];
  struct kc_slot header;

  kc_test_generations(5, 6, 1, "generation 6 is newer than 5");
  kc_test_generations(7, 6, 0, "generation 7 is newer than 6");
  kc_test_generations(0xFFFE, 0, 1, "generation 0 comes after 0xFFFE");
  kc_test_generations(3, 3, 0, "on equal generations slot 0 wins");
  kc_test_generations(0xFFFF, 9, 1, "a generation of 0xFFFF is never written");

  /* A commit after 0xFFFE writes 0, never 0xFFFF. */
  kc_test_generations(0xFFFE, 0xFFFF, 0, "slot 0 alone at 0xFFFE");
  kc_make_image(image, 40, 6);
  kc_upload(1, image, 40);
  kc_check(kc_slot_select(KC_SLOT_NONE, &header) == 1 && header.generation == 0,
           "the generation after 0xFFFE is 0");
}

/* A power cut after every possible number of bytes written by an upload:
 * the board boots the old program or the new one, nothing else. */
static void kc_test_power_cuts(void) {
  static uint8_t before[KC_EEPROM_BYTES];
  static uint8_t old_image[150];
  static uint8_t new_image[180];
  /* Locals that live across longjmp are volatile. */
  volatile long cut;
  volatile int whole = 1;
  volatile int new_after_cut = 0;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_power_up();
  kc_make_image(old_image, 150, 7);
  kc_make_image(new_image, 180, 8);
  kc_upload(0, old_image, 150);
  /* Slot 1 holds leftovers of an older program, to be overwritten. */
  kc_upload(1, old_image, 150);
  kc_upload(0, old_image, 150);
  memcpy(before, kc_memory, sizeof before);
  for (cut = 0;; cut++) {
    volatile uint8_t finished = 0;

    memcpy(kc_memory, before, sizeof kc_memory);
    kc_power_up();
    kc_writes_left = cut;
    if (setjmp(kc_power_cut) == 0) {
      kc_upload(kc_slot_target(), new_image, 180);
      finished = 1;
    }
    kc_writes_left = -1;
    kc_power_up();
    if (kc_boots(new_image, 180)) {
      new_after_cut += !finished;
    } else if (!kc_boots(old_image, 150)) {
      whole = 0;
      printf("FAILED: after a power cut at byte %ld no whole program boots\n", cut);
    }
    if (finished) {
      kc_check(kc_boots(new_image, 180), "the upload with no power cut boots the new program");
      break;
    }
  }
  kc_check(whole, "every power cut leaves a whole program to boot");
  /* Only a cut inside the generation's own two bytes can leave the new one. */
  kc_check(new_after_cut <= 1, "no cut before the generation is written boots the new program");
  printf("power cuts: %ld places tried\n", cut + 1);
}

/* Naming and calibrating a blank board, and a power cut at every byte of
 * a calibration: never half of one. */
static void kc_test_config(void) {
  static const uint8_t name[] = "serre-3";
  struct kc_config config;
  long cut;

  memset(kc_memory, 0xFF, sizeof kc_memory);
  kc_power_up();
  kc_config_set_name(name, 7);
  kc_check(kc_config_read(&config) == 1 && !config.calibrated,
           "a named blank board has a config block, uncalibrated");
  kc_check(memcmp(kc_memory + KC_CONFIG_BOARD_NAME, name, 7) == 0 &&
               kc_memory[KC_CONFIG_BOARD_NAME + 7] == 0,
           "its name is stored NUL padded");
  kc_config_set_soil(610, 280);
  kc_check(kc_config_read(&config) == 1 && config.calibrated && config.soil_dry == 610 &&
               config.soil_wet == 280,
           "the calibration is read back");
  kc_check(memcmp(kc_memory + KC_CONFIG_BOARD_NAME, name, 7) == 0,
           "the name survives a calibration");
  kc_config_set_soil(0, 0);
  kc_check(kc_config_read(&config) == 1 && !config.calibrated,
           "equal readings clear the calibration");
  kc_check(!kc_config_held(), "a named board runs its program at power-up");
  kc_config_set_hold(1);
  kc_check(kc_config_held() && memcmp(kc_memory + KC_CONFIG_BOARD_NAME, name, 7) == 0,
           "a stop from the computer is kept, and the name with it");
  kc_config_set_hold(0);
  kc_check(!kc_config_held(), "a run request lifts it");
  for (cut = 0; cut < 8; cut++) {
    kc_config_set_soil(600, 300);
    kc_writes_left = cut;
    if (setjmp(kc_power_cut) == 0) {
      kc_config_set_soil(500, 200);
    }
    kc_writes_left = -1;
    kc_power_up();
    kc_config_read(&config);
    kc_check(!config.calibrated || (config.soil_dry == 600 && config.soil_wet == 300) ||
                 (config.soil_dry == 500 && config.soil_wet == 200),
             "a power cut mid-calibration leaves a whole one or none");
  }
}

int main(void) {
  kc_test_config();
  kc_test_crc();
  kc_test_blank();
  kc_test_uploads();
  kc_test_corruption();
  kc_test_wrap();
  kc_test_power_cuts();
  printf("%d passed, %d failed\n", kc_passed, kc_failed);
  return kc_failed == 0 ? 0 : 1;
}
