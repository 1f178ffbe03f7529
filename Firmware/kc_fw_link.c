/* The board's side of the link protocol (docs/protocol.md): COBS frames
 * ended by 0x00, each with a type, a sequence number and a CRC-16
 * (CCITT-FALSE); requests from the computer answered by an ack that
 * echoes their sequence number, or a nak for a frame that arrived broken.
 * Every request is idempotent, so that the computer can send one again
 * after a lost ack without harm: chunks are writes at an offset, a commit
 * seen twice answers as the first one did. */
#include <avr/io.h>
#include <string.h>
#include <util/crc16.h>

#include "kc_fw.h"
#include "kc_fw_slots.h"

/* The largest frame, decoded: type, sequence, an upload chunk with its
 * offset, and the CRC. The receive ring holds one whole frame more while
 * this one is handled (docs/protocol.md, "Flow"). */
#define KC_FRAME_BYTES (2 + 2 + KC_LINK_CHUNK_BYTES + 2)

/* The hello's data after type and status: the name, then the soil
 * calibration (flag, dry, wet). */
#define KC_HELLO_BYTES (25 + KC_CONFIG_NAME_BYTES + 5)

/* An upload left without a frame this long is abandoned: the old program
 * starts again by itself. */
#define KC_UPLOAD_TIMEOUT_US 3000000UL

/* The frame being decoded. */
static uint8_t kc_frame[KC_FRAME_BYTES];
static uint8_t kc_length;
/* COBS: data bytes left in the current block; whether a zero follows it. */
static uint8_t kc_block_left;
static uint8_t kc_block_zero;
/* The frame is too long or broken: ignore it up to the next delimiter. */
static uint8_t kc_discard;

/* The upload in progress: its slot (KC_SLOT_NONE when none), length and
 * the clock time (low 32 bits) of its last frame. The CRC-32 that counts
 * is the commit's, checked against the bytes read back. */
static uint8_t kc_upload_slot = KC_SLOT_NONE;
static uint16_t kc_upload_length;
static uint32_t kc_upload_since;

/* Telemetry frames carry their own count, so that the computer sees gaps. */
static uint8_t kc_telemetry_seq;

static uint16_t kc_crc16(const uint8_t *bytes, uint8_t count) {
  uint16_t crc = 0xFFFF;

  while (count-- > 0) {
    crc = _crc_xmodem_update(crc, *bytes++);
  }
  return crc;
}

static uint32_t kc_get(const uint8_t *at, uint8_t bytes) {
  uint32_t value = 0;

  while (bytes-- > 0) {
    value = value << 8 | at[bytes];
  }
  return value;
}

void kc_fw_put(uint8_t *at, uint32_t value, uint8_t bytes) {
  while (bytes-- > 0) {
    *at++ = (uint8_t)value;
    value >>= 8;
  }
}

/* ---- Sending ---- */

uint8_t kc_fw_link_send(uint8_t type, uint8_t seq, const uint8_t *payload, uint8_t count,
                        uint8_t wait) {
  /* The frame decoded, then encoded: a code byte per block of at most 254
   * bytes (frames here are shorter), and the delimiter. */
  uint8_t plain[KC_LINK_SEND_BYTES + 4];
  uint8_t wire[KC_LINK_SEND_BYTES + 7];
  uint8_t length = (uint8_t)(count + 2);
  uint8_t code_at = 0;
  uint8_t out = 1;
  uint8_t at;
  uint16_t crc;

  plain[0] = type;
  plain[1] = seq;
  memcpy(plain + 2, payload, count);
  crc = kc_crc16(plain, length);
  plain[length++] = (uint8_t)crc;
  plain[length++] = (uint8_t)(crc >> 8);
  for (at = 0; at < length; at++) {
    if (plain[at] == 0) {
      wire[code_at] = (uint8_t)(out - code_at);
      code_at = out++;
    } else {
      wire[out++] = plain[at];
    }
  }
  wire[code_at] = (uint8_t)(out - code_at);
  wire[out++] = 0;
  while (!kc_fw_uart_send(wire, out)) {
    if (!wait) {
      return 0;
    }
  }
  return 1;
}

uint8_t kc_fw_link_telemetry(const uint8_t *payload, uint8_t count, uint8_t wait) {
  if (!kc_fw_link_send(KC_FRAME_EVENT, kc_telemetry_seq, payload, count, wait)) {
    return 0;
  }
  kc_telemetry_seq++;
  return 1;
}

/* An ack: the request's type and sequence, a status, then `count` bytes. */
static void kc_ack(uint8_t status, const uint8_t *data, uint8_t count) {
  uint8_t payload[KC_LINK_SEND_BYTES];

  payload[0] = kc_frame[0];
  payload[1] = status;
  memcpy(payload + 2, data, count);
  kc_fw_link_send(KC_FRAME_ACK, kc_frame[1], payload, (uint8_t)(count + 2), 1);
}

/* ---- Requests ---- */

/* The board's state, as hello and status answer it. */
static void kc_hello(void) {
  uint8_t data[KC_HELLO_BYTES];
  struct kc_fw_program program;
  struct kc_config config;

  kc_fw_program_info(&program);
  kc_config_read(&config);
  memset(data, 0, sizeof data);
  data[0] = KC_LINK_PROTOCOL;
  data[1] = KC_FW_VERSION;
  data[2] = KC_FORMAT_VERSION;
  kc_fw_put(data + 3, KC_BOARD_ID, 2);
  kc_fw_put(data + 5, KC_LIMIT_PROGRAM_BYTES, 2);
  data[7] = KC_LINK_CHUNK_BYTES;
  data[8] = kc_upload_slot != KC_SLOT_NONE ? KC_PROGRAM_UPLOADING : program.state;
  kc_fw_put(data + 9, program.length, 2);
  kc_fw_put(data + 11, program.crc, 4);
  kc_fw_put(data + 15, program.generation, 2);
  data[17] = program.end;
  data[18] = program.error;
  kc_fw_put(data + 19, program.error_pc, 2);
  kc_fw_put(data + 21, (uint32_t)program.time_ms, 4);
  kc_config_name(data + 25);
  data[25 + KC_CONFIG_NAME_BYTES] = config.calibrated;
  kc_fw_put(data + 26 + KC_CONFIG_NAME_BYTES, config.soil_dry, 2);
  kc_fw_put(data + 28 + KC_CONFIG_NAME_BYTES, config.soil_wet, 2);
  kc_ack(KC_STATUS_OK, data, sizeof data);
}

static uint8_t kc_begin(uint16_t length) {
  if (length < KC_IMAGE_MIN_BYTES || length > KC_LIMIT_PROGRAM_BYTES) {
    return KC_STATUS_TOO_LARGE;
  }
  /* Nothing runs while the EEPROM changes: safe state first. */
  kc_fw_program_stop();
  if (kc_upload_slot == KC_SLOT_NONE) {
    kc_upload_slot = kc_slot_target();
  }
  kc_slot_begin(kc_upload_slot);
  kc_upload_length = length;
  return KC_STATUS_OK;
}

static uint8_t kc_chunk(uint16_t offset, const uint8_t *bytes, uint8_t count) {
  if (kc_upload_slot == KC_SLOT_NONE) {
    return KC_STATUS_NO_UPLOAD;
  }
  if ((uint32_t)offset + count > kc_upload_length) {
    return KC_STATUS_BAD_REQUEST;
  }
  kc_slot_write(kc_upload_slot, offset, bytes, count);
  return KC_STATUS_OK;
}

/* Reads back what the EEPROM holds (CRC-32), verifies the image, and only
 * then writes the slot header, its generation last. */
static uint8_t kc_commit(uint32_t crc, uint8_t *detail) {
  uint8_t slot = kc_upload_slot;
  uint8_t verdict;
  uint16_t offset = 0;

  if (slot == KC_SLOT_NONE) {
    struct kc_fw_program program;

    /* The same commit again, its ack lost: it succeeded if that program is
     * the one stored now. */
    kc_fw_program_info(&program);
    return program.length != 0 && program.crc == crc ? KC_STATUS_OK : KC_STATUS_NO_UPLOAD;
  }
  if (kc_slot_holds(slot, kc_upload_length, crc) != KC_COMMIT_OK) {
    return KC_STATUS_CRC;
  }
  verdict = kc_fw_program_verify(slot, kc_upload_length, &offset);
  if (verdict != 0) {
    detail[0] = verdict;
    kc_fw_put(detail + 1, offset, 2);
    return KC_STATUS_REFUSED;
  }
  /* The verifier only reads: the bytes still hold the CRC just checked. */
  kc_slot_seal(slot, kc_upload_length, crc);
  /* Starting it now need not verify it again. */
  kc_slot_set_verified(slot);
  kc_upload_slot = KC_SLOT_NONE;
  return KC_STATUS_OK;
}

/* No program any more: an upload in progress is dropped, the program
 * stops, and both slots lose their generation. The config block (name,
 * calibration) stays. */
static void kc_erase(void) {
  kc_upload_slot = KC_SLOT_NONE;
  kc_fw_program_stop();
  kc_slot_begin(0);
  kc_slot_begin(1);
  kc_fw_program_start(0);
}

static void kc_sense(void) {
  uint8_t data[3];
  uint16_t raw;
  uint8_t status = kc_fw_sense(&raw, data + 2);

  kc_fw_put(data, raw, 2);
  kc_ack(status, data, sizeof data);
}

static void kc_request(void) {
  const uint8_t *payload = kc_frame + 2;
  uint8_t count = (uint8_t)(kc_length - 4);
  uint8_t detail[3] = {0, 0, 0};
  uint8_t status = KC_STATUS_OK;

  if (kc_upload_slot != KC_SLOT_NONE) {
    kc_upload_since = (uint32_t)kc_fw_clock_us();
  }
  switch (kc_frame[0]) {
  case KC_FRAME_HELLO:
    kc_hello();
    return;
  case KC_FRAME_BEGIN:
    status = count == 6 ? kc_begin((uint16_t)kc_get(payload, 2)) : KC_STATUS_BAD_REQUEST;
    kc_upload_since = (uint32_t)kc_fw_clock_us();
    break;
  case KC_FRAME_CHUNK:
    status = count >= 2 ? kc_chunk((uint16_t)kc_get(payload, 2), payload + 2, (uint8_t)(count - 2))
                        : KC_STATUS_BAD_REQUEST;
    break;
  case KC_FRAME_COMMIT:
    status = count == 4 ? kc_commit(kc_get(payload, 4), detail) : KC_STATUS_BAD_REQUEST;
    kc_ack(status, detail, sizeof detail);
    if (status == KC_STATUS_OK) {
      kc_config_set_hold(0);
      kc_fw_program_start(0);
    }
    return;
  case KC_FRAME_RUN: {
    struct kc_fw_program program;

    kc_fw_program_info(&program);
    if (kc_upload_slot != KC_SLOT_NONE) {
      status = KC_STATUS_BUSY;
      break;
    }
    if (program.length == 0) {
      status = KC_STATUS_NO_PROGRAM;
      break;
    }
    kc_ack(KC_STATUS_OK, 0, 0);
    kc_config_set_hold(0);
    /* The ack goes first: the start event follows it. */
    kc_fw_program_start(count >= 4 ? kc_get(payload, 4) : 0);
    return;
  }
  case KC_FRAME_STOP:
    /* Stopped by staff, it stays stopped across resets (an Uno resets
     * whenever its port opens) until a run or a new program. */
    kc_fw_program_stop();
    kc_config_set_hold(1);
    break;
  case KC_FRAME_ERASE:
    kc_ack(KC_STATUS_OK, 0, 0);
    /* After the ack: the board's "no program" record follows it. */
    kc_erase();
    return;
  case KC_FRAME_NAME:
    if (count > KC_CONFIG_NAME_BYTES) {
      status = KC_STATUS_BAD_REQUEST;
    } else {
      kc_config_set_name(payload, count);
    }
    break;
  case KC_FRAME_IDENTIFY:
    if (count == 1) {
      kc_fw_identify(payload[0]);
    } else {
      status = KC_STATUS_BAD_REQUEST;
    }
    break;
  case KC_FRAME_CALIBRATE:
    status = count == 4
                 ? kc_fw_calibrate((uint16_t)kc_get(payload, 2), (uint16_t)kc_get(payload + 2, 2))
                 : KC_STATUS_BAD_REQUEST;
    break;
  case KC_FRAME_SENSE:
    kc_sense();
    return;
  default:
    status = KC_STATUS_UNKNOWN;
    break;
  }
  kc_ack(status, 0, 0);
}

void kc_config_name(uint8_t *name) {
  uint8_t at;

  for (at = 0; at < KC_CONFIG_NAME_BYTES; at++) {
    name[at] = kc_eeprom_read(KC_CONFIG_ADDRESS + KC_CONFIG_BOARD_NAME + at);
    /* Blank EEPROM reads 0xFF: no name. */
    if (name[at] == 0xFF) {
      name[at] = 0;
    }
  }
}

/* ---- Receiving ---- */

static void kc_frame_end(void) {
  uint16_t crc;

  if (kc_discard || kc_block_left != 0 || kc_length < 4) {
    /* A broken frame: a nak asks the computer to send again at once.
     * Bare delimiters (length 0) are the computer's way to resync. */
    if (kc_discard || kc_length != 0) {
      kc_fw_link_send(KC_FRAME_NAK, 0, 0, 0, 1);
    }
    return;
  }
  crc = (uint16_t)kc_get(kc_frame + kc_length - 2, 2);
  if (kc_crc16(kc_frame, (uint8_t)(kc_length - 2)) != crc) {
    kc_fw_link_send(KC_FRAME_NAK, 0, 0, 0, 1);
    return;
  }
  kc_request();
}

static void kc_store(uint8_t byte) {
  if (kc_length == KC_FRAME_BYTES) {
    kc_discard = 1;
  } else {
    kc_frame[kc_length++] = byte;
  }
}

void kc_fw_link_byte(uint8_t byte) {
  if (byte == 0) {
    kc_frame_end();
    kc_length = 0;
    kc_block_left = 0;
    kc_block_zero = 0;
    kc_discard = 0;
    return;
  }
  if (kc_discard) {
    return;
  }
  if (kc_block_left == 0) {
    /* A code byte: the zero that ended the previous block, then the block. */
    if (kc_block_zero) {
      kc_store(0);
    }
    kc_block_left = (uint8_t)(byte - 1);
    kc_block_zero = byte != 0xFF;
  } else {
    kc_store(byte);
    kc_block_left--;
  }
}

void kc_fw_link_poll(void) {
  int16_t byte;

  while ((byte = kc_fw_uart_receive()) >= 0) {
    kc_fw_link_byte((uint8_t)byte);
  }
  if (kc_upload_slot != KC_SLOT_NONE &&
      (uint32_t)kc_fw_clock_us() - kc_upload_since > KC_UPLOAD_TIMEOUT_US) {
    /* The computer went away mid-upload: the old program runs again. */
    kc_upload_slot = KC_SLOT_NONE;
    kc_fw_program_start(0);
  }
}
