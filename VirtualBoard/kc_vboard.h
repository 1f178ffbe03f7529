// kc-vboard: the virtual greenhouse board.
//
// The real AVR firmware runs in simavr; its UART0 is bridged to a
// pseudo-terminal that a host opens exactly like a USB serial port, and a
// line-based control channel drives the sensors and reports the outputs.
// One process, one thread: the simulator, the bridge and the control
// channel all advance from the main loop in kc_vboard.c.

#ifndef KC_VBOARD_H
#define KC_VBOARD_H

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_hex.h>

// Exit codes, as in sysexits.h.
enum {
  KC_EXIT_OK = 0,
  KC_EXIT_USAGE = 64,
  KC_EXIT_DATA = 65,
  KC_EXIT_NO_INPUT = 66,
  KC_EXIT_OS = 71,
  KC_EXIT_CANT_CREATE = 73,
  KC_EXIT_IO = 74,
};

enum { KC_LOG_ERROR = 0, KC_LOG_WARNING = 1, KC_LOG_INFO = 2, KC_LOG_DEBUG = 3 };

// Every general-purpose port an AVR may have, 'A' to 'L'.
#define KC_PORT_COUNT   12
#define KC_ANALOG_COUNT 16

typedef struct kc_options {
  const char *mcu;    // NULL: the ELF's, else atmega328p
  uint32_t frequency; // 0: the ELF's, else 16 MHz
  const char *firmware_path;
  const char *eeprom_path;
  const char *bootloader_path; // an Intel HEX file, e.g. Optiboot
  const char *link_path;
  const char *control_path;
  int control_in_fd; // -1 with control_path; stdin by default
  int control_out_fd;
  unsigned boot_delay_ms;
  bool fast;
  bool pins_log;
  bool exit_on_eof;
  int verbosity;
} kc_options_t;

// The host side of the simulated UART0: a pseudo-terminal master.
typedef struct kc_bridge {
  int master_fd;
  char slave_path[128];
  bool client_open;
  bool xoff;
  avr_uart_t *uart;
  avr_irq_t *input_irq;
  avr_cycle_count_t tick_cycles;
  // Bytes read from the host and not yet accepted by the UART.
  uint8_t in_buffer[4096];
  size_t in_start, in_end;
  // Bytes the firmware sent and the host has not taken yet.
  uint8_t out_buffer[65536];
  size_t out_length;
  uint64_t out_dropped;
} kc_bridge_t;

// Output levels seen on one port, so that only changes are reported.
typedef struct kc_port_watch {
  char name;
  bool present;
  bool dirty;      // something changed; looked at once the instruction ends
  avr_irq_t *irqs; // the port's irqs, IOPORT_IRQ_PIN0 first
  int8_t level[8]; // 0, 1, or -1 while the pin is not an output
  // Levels the host drives on input pins (AVR_IOCTL_IOPORT_SET_EXTERNAL).
  uint8_t driven_mask, driven_value;
  struct kc_vboard *board;
} kc_port_watch_t;

typedef struct kc_control {
  int listen_fd; // Unix socket server, or -1
  int in_fd;     // commands come from here, or -1
  int out_fd;    // events go there, or -1
  bool in_is_socket;
  char line[256];
  size_t line_length;
  char *pending; // events waiting for a slow reader
  size_t pending_length, pending_capacity;
  uint64_t dropped;
} kc_control_t;

typedef struct kc_vboard {
  kc_options_t options;
  const char *mcu;
  elf_firmware_t firmware;
  avr_t *avr;
  // Cycles of the chips that simavr terminated: events count on from there.
  avr_cycle_count_t cycle_offset;

  // A pseudo IO module: simavr calls its reset() on every reset, the ones
  // kc-vboard asks for and the ones the firmware causes (watchdog).
  avr_io_t reset_hook;
  bool reset_seen;
  const char *reset_cause;
  const char *reset_request; // cause of a reset to do between two avr_run
  uint64_t hold_until_ns;    // the chip stays in reset until then
  bool halted;               // stopped or crashed: waits for a reset

  kc_bridge_t bridge;
  kc_port_watch_t ports[KC_PORT_COUNT];
  bool pins_dirty;
  uint32_t analog_mv[KC_ANALOG_COUNT];
  uint16_t analog_set; // bit N: the host has set analog input N

  // The bootloader's pieces of flash; the chip starts at the lowest one.
  ihex_chunk_p boot_chunks;
  int boot_chunk_count;
  avr_flashaddr_t boot_address;
  // The flash of a terminated chip: what a bootloader wrote survives the
  // rebuild, as it survives a power cycle on a real chip.
  uint8_t *flash_mirror;

  uint8_t *eeprom;        // the simulator's live EEPROM bytes
  uint8_t *eeprom_mirror; // last content seen, survives a rebuilt chip
  uint32_t eeprom_size;
  bool eeprom_dirty;
  uint64_t eeprom_saved_ns;

  kc_control_t control;

  uint64_t pace_wall_ns; // wall time that matches pace_cycle
  avr_cycle_count_t pace_cycle;

  int stdout_fd; // the real standard output; fd 1 now goes to stderr
  bool quit;
} kc_vboard_t;

// kc_vboard.c
void kc_log(int level, const char *format, ...) __attribute__((format(printf, 2, 3)));
uint64_t kc_now_ns(void);
uint64_t kc_cycles_to_us(const kc_vboard_t *board, avr_cycle_count_t cycle);
void kc_pace_rebase(kc_vboard_t *board);

// kc_vboard_board.c: the simulated chip.
int kc_board_load(kc_vboard_t *board);
int kc_board_create(kc_vboard_t *board);
void kc_board_request_reset(kc_vboard_t *board, const char *cause);
void kc_board_service(kc_vboard_t *board);
void kc_board_run_slice(kc_vboard_t *board, avr_cycle_count_t cycles);
bool kc_board_is_running(const kc_vboard_t *board);
avr_cycle_count_t kc_board_cycle(const kc_vboard_t *board);
int kc_eeprom_load(kc_vboard_t *board);
void kc_eeprom_track(kc_vboard_t *board, bool force_save);

// kc_vboard_bridge.c: UART0 <-> pseudo-terminal.
int kc_bridge_open(kc_vboard_t *board);
void kc_bridge_attach(kc_vboard_t *board);
void kc_bridge_after_reset(kc_vboard_t *board);
void kc_bridge_check_client(kc_vboard_t *board);
void kc_bridge_flush(kc_vboard_t *board);
int kc_bridge_make_link(kc_vboard_t *board);
void kc_bridge_close(kc_vboard_t *board);

// kc_vboard_pins.c: output reports, driven inputs, analog inputs.
void kc_pins_attach(kc_vboard_t *board);
void kc_pins_on_reset(kc_vboard_t *board);
void kc_pins_scan_changed(kc_vboard_t *board);
void kc_pins_after_reset(kc_vboard_t *board);
int kc_pins_set_digital(kc_vboard_t *board, const char *pin, const char *level);
int kc_pins_set_analog(kc_vboard_t *board, const char *pin, const char *value);
bool kc_pins_have_names(const kc_vboard_t *board);

// kc_vboard_control.c: the control channel.
int kc_control_open(kc_vboard_t *board);
void kc_control_event(kc_vboard_t *board, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void kc_control_poll_fds(kc_vboard_t *board, struct pollfd *fds, int *count);
void kc_control_service(kc_vboard_t *board);
void kc_control_close(kc_vboard_t *board);

#endif
