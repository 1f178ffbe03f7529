// kc-vboard: the simulated chip, its resets and its EEPROM.

#define _GNU_SOURCE
#include "kc_vboard.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <avr_eeprom.h>

#define KC_DEFAULT_MCU        "atmega328p"
#define KC_DEFAULT_FREQUENCY  16000000u
#define KC_DEFAULT_MILLIVOLTS 5000u
#define KC_ELF_MACHINE_AVR    83
// EEPROM changes are written back at most this often (and on exit).
#define KC_EEPROM_SAVE_NS 100000000u

// Check the file before libelf and simavr see it: their own messages are
// cryptic, and simavr happily reads an ELF built for another processor.
static int kc_board_check_elf(const char *path) {
  unsigned char header[20];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    kc_log(KC_LOG_ERROR, "cannot open firmware '%s': %s", path, strerror(errno));
    return KC_EXIT_NO_INPUT;
  }
  ssize_t length = read(fd, header, sizeof header);
  close(fd);
  if (length < (ssize_t)sizeof header || memcmp(header, "\177ELF", 4) != 0) {
    kc_log(KC_LOG_ERROR, "'%s' is not an ELF file: give the .elf that avr-gcc built", path);
    return KC_EXIT_DATA;
  }
  int machine = header[5] == 2 ? header[18] << 8 | header[19] : header[19] << 8 | header[18];
  if (header[4] != 1 || machine != KC_ELF_MACHINE_AVR) {
    kc_log(KC_LOG_ERROR, "'%s' is an ELF file for another processor, not an AVR", path);
    return KC_EXIT_DATA;
  }
  return KC_EXIT_OK;
}

// A bootloader comes as Intel HEX (Optiboot ships that way); it lives at
// the top of the flash, and the chip starts there, as with the BOOTRST fuse.
static int kc_board_load_bootloader(kc_vboard_t *board) {
  const char *path = board->options.bootloader_path;
  if (!path) {
    return KC_EXIT_OK;
  }
  if (access(path, R_OK) != 0) {
    kc_log(KC_LOG_ERROR, "cannot read bootloader '%s': %s", path, strerror(errno));
    return KC_EXIT_NO_INPUT;
  }
  ihex_chunk_p chunks = NULL;
  int count = read_ihex_chunks(path, &chunks);
  if (count <= 0) {
    kc_log(KC_LOG_ERROR, "'%s' is not an Intel HEX file with code in it", path);
    return KC_EXIT_DATA;
  }
  board->boot_chunks = chunks;
  board->boot_chunk_count = count;
  board->boot_address = chunks[0].baseaddr;
  for (int index = 1; index < count; index++) {
    if (chunks[index].baseaddr < board->boot_address) {
      board->boot_address = chunks[index].baseaddr;
    }
  }
  kc_log(KC_LOG_INFO, "bootloader: %d pieces from %s, starts at 0x%04" PRIx32, count, path,
         (uint32_t)board->boot_address);
  return KC_EXIT_OK;
}

int kc_board_load(kc_vboard_t *board) {
  const char *path = board->options.firmware_path;
  elf_firmware_t *firmware = &board->firmware;
  int status = kc_board_check_elf(path);
  if (status != KC_EXIT_OK) {
    return status;
  }
  memset(firmware, 0, sizeof *firmware);
  if (elf_read_firmware(path, firmware) != 0 || firmware->flashsize == 0) {
    kc_log(KC_LOG_ERROR, "cannot load firmware '%s': no AVR code found in it", path);
    return KC_EXIT_DATA;
  }

  const char *elf_mcu = firmware->mmcu[0] ? firmware->mmcu : NULL;
  board->mcu = board->options.mcu ? board->options.mcu : elf_mcu ? elf_mcu : KC_DEFAULT_MCU;
  if (board->options.mcu && elf_mcu && strcmp(board->options.mcu, elf_mcu) != 0) {
    kc_log(KC_LOG_WARNING, "the firmware says %s; running it as --mcu %s", elf_mcu,
           board->options.mcu);
  }
  uint32_t frequency = board->options.frequency;
  if (frequency && firmware->frequency && frequency != firmware->frequency) {
    kc_log(KC_LOG_WARNING, "the firmware says %" PRIu32 " Hz; running it at --freq %" PRIu32,
           firmware->frequency, frequency);
  }
  if (!frequency) {
    frequency = firmware->frequency ? firmware->frequency : KC_DEFAULT_FREQUENCY;
  }
  firmware->frequency = frequency;

  // The ADC converts against these; an ELF's AVR_MCU_VOLTAGES wins.
  if (!firmware->vcc) {
    firmware->vcc = KC_DEFAULT_MILLIVOLTS;
  }
  if (!firmware->avcc) {
    firmware->avcc = firmware->vcc;
  }
  if (!firmware->aref) {
    firmware->aref = firmware->avcc;
  }
  return kc_board_load_bootloader(board);
}

// simavr would usleep() here; the main loop paces time itself.
static void kc_board_sleep(avr_t *avr, avr_cycle_count_t cycles) {
  (void)avr;
  (void)cycles;
}

static void kc_board_on_reset(avr_io_t *io) {
  kc_vboard_t *board = (kc_vboard_t *)((char *)io - offsetof(kc_vboard_t, reset_hook));
  board->reset_seen = true;
  kc_pins_on_reset(board);
}

// simavr frees the chip's memories when the firmware stops for good
// (SLEEP with interrupts off): keep the EEPROM before they go.
static void kc_board_on_terminate(avr_t *avr, void *data) {
  kc_vboard_t *board = data;
  if (board->eeprom && board->eeprom_mirror) {
    if (memcmp(board->eeprom, board->eeprom_mirror, board->eeprom_size) != 0) {
      memcpy(board->eeprom_mirror, board->eeprom, board->eeprom_size);
      board->eeprom_dirty = true;
    }
  }
  board->eeprom = NULL;
  if (board->flash_mirror && avr->flash) {
    memcpy(board->flash_mirror, avr->flash, avr->flashend + 1);
  }
}

static void kc_board_find_eeprom(kc_vboard_t *board) {
  avr_t *avr = board->avr;
  board->eeprom = NULL;
  board->eeprom_size = avr->e2end ? avr->e2end + 1 : 0;
  if (!board->eeprom_size) {
    return;
  }
  // With no buffer given, the ioctl hands out the live EEPROM (and returns
  // -1 even then, so only the pointer tells).
  avr_eeprom_desc_t description = {.ee = NULL, .offset = 0, .size = board->eeprom_size};
  avr_ioctl(avr, AVR_IOCTL_EEPROM_GET, &description);
  board->eeprom = description.ee;
  if (!board->eeprom) {
    board->eeprom_size = 0;
  }
}

// Puts the bootloader in flash (or the whole flash a bootloader wrote,
// after a rebuild) and makes the chip start at it.
static int kc_board_place_bootloader(kc_vboard_t *board, avr_t *avr) {
  if (!board->boot_chunks) {
    return KC_EXIT_OK;
  }
  uint32_t flash_size = avr->flashend + 1;
  if (board->flash_mirror) {
    memcpy(avr->flash, board->flash_mirror, flash_size);
  } else {
    for (int index = 0; index < board->boot_chunk_count; index++) {
      ihex_chunk_t *chunk = &board->boot_chunks[index];
      if (chunk->baseaddr + chunk->size > flash_size) {
        kc_log(KC_LOG_ERROR, "the bootloader does not fit the %s's flash", board->mcu);
        return KC_EXIT_DATA;
      }
      memcpy(avr->flash + chunk->baseaddr, chunk->data, chunk->size);
    }
    board->flash_mirror = malloc(flash_size);
    if (!board->flash_mirror) {
      return KC_EXIT_OS;
    }
  }
  // Code written through the bootloader may reach anywhere below it.
  avr->codeend = avr->flashend;
  avr->reset_pc = board->boot_address;
  avr->pc = board->boot_address;
  return KC_EXIT_OK;
}

int kc_board_create(kc_vboard_t *board) {
  avr_t *avr = avr_make_mcu_by_name(board->mcu);
  if (!avr) {
    kc_log(KC_LOG_ERROR, "simavr does not know the MCU '%s' (try --mcu atmega328p)", board->mcu);
    return KC_EXIT_USAGE;
  }
  elf_firmware_t *firmware = &board->firmware;
  if (firmware->flashbase + firmware->flashsize > avr->flashend + 1) {
    kc_log(KC_LOG_ERROR, "the firmware (%" PRIu32 " bytes) does not fit the %s's flash",
           firmware->flashsize, board->mcu);
    free(avr);
    return KC_EXIT_DATA;
  }
  avr_init(avr);
  avr_load_firmware(avr, firmware);
  int status = kc_board_place_bootloader(board, avr);
  if (status != KC_EXIT_OK) {
    avr_terminate(avr);
    free(avr);
    return status;
  }
  avr->frequency = firmware->frequency;
  avr->sleep = kc_board_sleep;
  avr->custom.deinit = kc_board_on_terminate;
  avr->custom.data = board;
  board->avr = avr;

  memset(&board->reset_hook, 0, sizeof board->reset_hook);
  board->reset_hook.kind = "kc-vboard";
  board->reset_hook.reset = kc_board_on_reset;
  avr_register_io(avr, &board->reset_hook);

  kc_board_find_eeprom(board);
  if (board->eeprom && board->eeprom_mirror) {
    memcpy(board->eeprom, board->eeprom_mirror, board->eeprom_size);
  }
  kc_bridge_attach(board);
  kc_pins_attach(board);
  return KC_EXIT_OK;
}

bool kc_board_is_running(const kc_vboard_t *board) {
  return !board->halted && !board->hold_until_ns && !board->reset_request;
}

avr_cycle_count_t kc_board_cycle(const kc_vboard_t *board) {
  return board->avr->cycle + board->cycle_offset;
}

void kc_board_request_reset(kc_vboard_t *board, const char *cause) {
  board->reset_request = cause;
}

static void kc_board_after_reset(kc_vboard_t *board) {
  const char *cause = board->reset_cause ? board->reset_cause : "firmware";
  board->reset_seen = false;
  board->reset_cause = NULL;
  avr_cycle_count_t cycle = kc_board_cycle(board);
  kc_control_event(board, "reset at %" PRIu64 " us %" PRIu64 " cause %s", cycle,
                   kc_cycles_to_us(board, cycle), cause);
  kc_log(KC_LOG_INFO, "reset (%s)", cause);
  kc_bridge_after_reset(board);
  kc_pins_after_reset(board);
  kc_pace_rebase(board);
}

// A chip that simavr terminated cannot be reset: build a new one.
static int kc_board_rebuild(kc_vboard_t *board) {
  board->cycle_offset += board->avr->cycle;
  free(board->avr);
  board->avr = NULL;
  int status = kc_board_create(board);
  if (status != KC_EXIT_OK) {
    kc_log(KC_LOG_ERROR, "cannot rebuild the simulated chip");
    board->halted = true;
    board->quit = true;
  }
  return status;
}

static void kc_board_do_reset(kc_vboard_t *board, const char *cause) {
  bool terminated = board->halted && board->avr->state == cpu_Done;
  board->halted = false;
  board->reset_cause = cause;
  if (terminated) {
    if (kc_board_rebuild(board) != KC_EXIT_OK) {
      return;
    }
  } else {
    avr_reset(board->avr);
  }
  // What the Uno's DTR pulse does: an external reset, shown in MCUSR.
  if (board->avr->reset_flags.extrf.reg) {
    avr_regbit_set(board->avr, board->avr->reset_flags.extrf);
  }
  kc_board_after_reset(board);
  if (board->options.boot_delay_ms) {
    board->hold_until_ns = kc_now_ns() + (uint64_t)board->options.boot_delay_ms * 1000000u;
  }
}

void kc_board_service(kc_vboard_t *board) {
  if (board->reset_request) {
    const char *cause = board->reset_request;
    board->reset_request = NULL;
    kc_board_do_reset(board, cause);
  }
  if (board->hold_until_ns && kc_now_ns() >= board->hold_until_ns) {
    board->hold_until_ns = 0;
    kc_pace_rebase(board);
  }
}

static void kc_board_halt(kc_vboard_t *board, int state) {
  const char *what = state == cpu_Done ? "stopped" : "crashed";
  board->halted = true;
  avr_cycle_count_t cycle = kc_board_cycle(board);
  kc_control_event(board, "%s at %" PRIu64 " us %" PRIu64, what, cycle,
                   kc_cycles_to_us(board, cycle));
  const char *why = state == cpu_Done ? " (SLEEP with interrupts off)" : "";
  kc_log(KC_LOG_WARNING, "the firmware %s%s at cycle %" PRIu64 "; reset it", what, why, cycle);
}

void kc_board_run_slice(kc_vboard_t *board, avr_cycle_count_t cycles) {
  avr_t *avr = board->avr;
  avr_cycle_count_t end = avr->cycle + cycles;
  while (avr->cycle < end) {
    int state = avr_run(avr);
    if (board->pins_dirty) {
      kc_pins_scan_changed(board);
    }
    if (board->reset_seen) {
      kc_board_after_reset(board);
    }
    if (state == cpu_Done || state == cpu_Crashed) {
      kc_board_halt(board, state);
      return;
    }
  }
}

int kc_eeprom_load(kc_vboard_t *board) {
  if (!board->eeprom_size) {
    if (board->options.eeprom_path) {
      kc_log(KC_LOG_WARNING, "the %s has no EEPROM; --eeprom is ignored", board->mcu);
    }
    return KC_EXIT_OK;
  }
  board->eeprom_mirror = malloc(board->eeprom_size);
  if (!board->eeprom_mirror) {
    return KC_EXIT_OS;
  }
  const char *path = board->options.eeprom_path;
  FILE *file = path ? fopen(path, "rb") : NULL;
  if (path && !file && errno != ENOENT) {
    kc_log(KC_LOG_ERROR, "cannot read EEPROM file '%s': %s", path, strerror(errno));
    return KC_EXIT_NO_INPUT;
  }
  if (file) {
    size_t length = fread(board->eeprom, 1, board->eeprom_size, file);
    if (fgetc(file) != EOF) {
      kc_log(KC_LOG_WARNING, "'%s' is larger than the %" PRIu32 "-byte EEPROM: rest ignored", path,
             board->eeprom_size);
    }
    fclose(file);
    kc_log(KC_LOG_INFO, "EEPROM: %zu bytes from %s", length, path);
  }
  memcpy(board->eeprom_mirror, board->eeprom, board->eeprom_size);
  // A new file is written at once, so that it exists from the start.
  board->eeprom_dirty = path && !file;
  return KC_EXIT_OK;
}

static void kc_eeprom_save(kc_vboard_t *board) {
  const char *path = board->options.eeprom_path;
  char temporary[4096];
  snprintf(temporary, sizeof temporary, "%s.kc-vboard-%ld", path, (long)getpid());
  FILE *file = fopen(temporary, "wb");
  bool written =
      file && fwrite(board->eeprom_mirror, 1, board->eeprom_size, file) == board->eeprom_size;
  if (file && fclose(file) != 0) {
    written = false;
  }
  // Renaming a complete file over the old one: a crash never leaves half a file.
  if (!written || rename(temporary, path) != 0) {
    kc_log(KC_LOG_WARNING, "cannot save the EEPROM to '%s': %s", path, strerror(errno));
    unlink(temporary);
    return;
  }
  board->eeprom_dirty = false;
  kc_log(KC_LOG_DEBUG, "EEPROM saved to %s", path);
}

void kc_eeprom_track(kc_vboard_t *board, bool force_save) {
  if (!board->eeprom_mirror) {
    return;
  }
  if (board->eeprom && memcmp(board->eeprom, board->eeprom_mirror, board->eeprom_size) != 0) {
    memcpy(board->eeprom_mirror, board->eeprom, board->eeprom_size);
    board->eeprom_dirty = true;
  }
  if (!board->options.eeprom_path || !board->eeprom_dirty) {
    return;
  }
  uint64_t now = kc_now_ns();
  if (force_save || now - board->eeprom_saved_ns >= KC_EEPROM_SAVE_NS) {
    board->eeprom_saved_ns = now;
    kc_eeprom_save(board);
  }
}
