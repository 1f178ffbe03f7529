// kc-vboard: command line, main loop and time pacing.
//
//   kc-vboard --firmware FILE.elf [--mcu atmega328p] [--freq 16000000]
//             [--eeprom FILE.bin] [--bootloader FILE.hex] [--link PATH]
//             [--control PATH | --control-fd N[:M]] [--pins-log]
//             [--fast] [--boot-delay MS] [--exit-on-eof] [-v|-q]
//
// Standard output: first line `port /dev/pts/N`; then, unless --control or
// --control-fd moves it, the control channel's events (README.md).

#define _GNU_SOURCE
#include "kc_vboard.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// A slice of simulated time between two looks at the host: 1 ms.
#define KC_SLICES_PER_SECOND 1000u
// Further behind wall time than this, the board stops trying to catch up.
#define KC_PACE_MAX_LAG_NS 100000000LL
#define KC_IDLE_WAIT_NS    10000000LL

static volatile sig_atomic_t kc_stop_signal;
static int kc_verbosity = KC_LOG_WARNING;

void kc_log(int level, const char *format, ...) {
  if (level > kc_verbosity) {
    return;
  }
  va_list arguments;
  va_start(arguments, format);
  fputs("kc-vboard: ", stderr);
  vfprintf(stderr, format, arguments);
  fputc('\n', stderr);
  va_end(arguments);
}

// simavr's own messages: its errors are our warnings, the rest is debug.
static void kc_simavr_logger(avr_t *avr, const int level, const char *format, va_list arguments) {
  (void)avr;
  int ours = level <= LOG_ERROR ? KC_LOG_WARNING : KC_LOG_DEBUG;
  if (ours > kc_verbosity) {
    return;
  }
  fputs("kc-vboard: simavr: ", stderr);
  vfprintf(stderr, format, arguments);
}

uint64_t kc_now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

// Split in whole seconds and the rest, so that days of cycles cannot overflow.
static uint64_t kc_cycles_scaled(avr_cycle_count_t cycles, uint32_t frequency, uint64_t unit) {
  return cycles / frequency * unit + cycles % frequency * unit / frequency;
}

uint64_t kc_cycles_to_us(const kc_vboard_t *board, avr_cycle_count_t cycle) {
  return kc_cycles_scaled(cycle, board->avr->frequency, 1000000u);
}

void kc_pace_rebase(kc_vboard_t *board) {
  board->pace_wall_ns = kc_now_ns();
  board->pace_cycle = board->avr->cycle;
}

// How far simulated time is ahead of wall time (negative: behind).
static int64_t kc_pace_ahead_ns(kc_vboard_t *board) {
  avr_cycle_count_t cycles = board->avr->cycle - board->pace_cycle;
  uint64_t simulated = kc_cycles_scaled(cycles, board->avr->frequency, 1000000000u);
  uint64_t elapsed = kc_now_ns() - board->pace_wall_ns;
  int64_t ahead = (int64_t)simulated - (int64_t)elapsed;
  if (ahead < -KC_PACE_MAX_LAG_NS) {
    kc_log(KC_LOG_DEBUG, "the host fell %" PRId64 " ms behind; pacing restarts from now",
           -ahead / 1000000);
    kc_pace_rebase(board);
    return 0;
  }
  return ahead;
}

static void kc_on_signal(int number) {
  kc_stop_signal = number;
}

static void kc_install_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = kc_on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
  signal(SIGPIPE, SIG_IGN);
}

// Sleep until wall time catches up (or the control channel has something,
// or the port's client closes it: a client that closes and opens the port
// again at once must still find the chip reset, as an Uno's DTR does).
static void kc_wait(kc_vboard_t *board, int64_t wait_ns) {
  struct pollfd fds[5];
  int count = 0;
  kc_control_poll_fds(board, fds, &count);
  if (board->bridge.client_open && board->bridge.master_fd >= 0) {
    // No events asked: POLLHUP alone, which the master reports on the close.
    fds[count++] = (struct pollfd){.fd = board->bridge.master_fd, .events = 0};
  }
  if (wait_ns < 0) {
    wait_ns = 0;
  }
  struct timespec timeout = {(time_t)(wait_ns / 1000000000), (long)(wait_ns % 1000000000)};
  ppoll(fds, (nfds_t)count, &timeout, NULL);
}

static void kc_step(kc_vboard_t *board) {
  kc_board_service(board);
  if (board->quit) {
    return;
  }

  int64_t wait_ns = KC_IDLE_WAIT_NS;
  if (board->hold_until_ns) {
    wait_ns = (int64_t)(board->hold_until_ns - kc_now_ns());
  } else if (kc_board_is_running(board)) {
    wait_ns = board->options.fast ? 0 : kc_pace_ahead_ns(board);
    if (wait_ns <= 0) {
      kc_board_run_slice(board, board->avr->frequency / KC_SLICES_PER_SECOND);
      wait_ns = 0;
    }
  }
  if (wait_ns > KC_IDLE_WAIT_NS) {
    wait_ns = KC_IDLE_WAIT_NS;
  }

  kc_bridge_flush(board);
  kc_eeprom_track(board, false);
  kc_wait(board, wait_ns);
  kc_bridge_check_client(board);
  kc_control_service(board);
}

static void kc_usage(FILE *to) {
  fputs("usage: kc-vboard --firmware FILE.elf [--mcu NAME] [--freq HZ]\n"
        "                 [--eeprom FILE.bin] [--bootloader FILE.hex] [--link PATH]\n"
        "                 [--control PATH | --control-fd N[:M]] [--pins-log]\n"
        "                 [--fast] [--boot-delay MS] [--exit-on-eof] [-v] [-q]\n"
        "\n"
        "Runs an AVR firmware in simavr behind a pseudo-terminal. Prints\n"
        "`port /dev/pts/N` first; then control events, unless --control\n"
        "(a Unix socket at PATH) or --control-fd sends them elsewhere.\n"
        "Commands: analog A0 512 | digital D2 1|0|release | reset | ping | quit\n",
        to);
}

static int kc_parse_number(const char *text, unsigned long maximum, unsigned long *value) {
  char *end = NULL;
  errno = 0;
  unsigned long parsed = strtoul(text, &end, 10);
  if (errno || end == text || *end || parsed > maximum || text[0] == '-') {
    return -1;
  }
  *value = parsed;
  return 0;
}

static int kc_parse_control_fd(const char *text, kc_options_t *options) {
  unsigned long in = 0, out = 0;
  char copy[32];
  snprintf(copy, sizeof copy, "%s", text);
  char *colon = strchr(copy, ':');
  if (colon) {
    *colon = 0;
  }
  if (kc_parse_number(copy, 65535, &in) || (colon && kc_parse_number(colon + 1, 65535, &out))) {
    return -1;
  }
  options->control_in_fd = (int)in;
  options->control_out_fd = colon ? (int)out : (int)in;
  return 0;
}

static int kc_parse_options(int argc, char **argv, kc_options_t *options) {
  enum {
    OPT_EEPROM = 256,
    OPT_BOOTLOADER,
    OPT_LINK,
    OPT_CONTROL,
    OPT_CONTROL_FD,
    OPT_PINS_LOG,
    OPT_FAST,
    OPT_BOOT_DELAY,
    OPT_EXIT_ON_EOF
  };
  static const struct option longs[] = {
      {"mcu", required_argument, NULL, 'm'},
      {"freq", required_argument, NULL, 'f'},
      {"firmware", required_argument, NULL, 'e'},
      {"eeprom", required_argument, NULL, OPT_EEPROM},
      {"bootloader", required_argument, NULL, OPT_BOOTLOADER},
      {"link", required_argument, NULL, OPT_LINK},
      {"control", required_argument, NULL, OPT_CONTROL},
      {"control-fd", required_argument, NULL, OPT_CONTROL_FD},
      {"pins-log", no_argument, NULL, OPT_PINS_LOG},
      {"fast", no_argument, NULL, OPT_FAST},
      {"boot-delay", required_argument, NULL, OPT_BOOT_DELAY},
      {"exit-on-eof", no_argument, NULL, OPT_EXIT_ON_EOF},
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  unsigned long number = 0;
  int option;
  while ((option = getopt_long(argc, argv, "m:f:e:vqh", longs, NULL)) != -1) {
    switch (option) {
    case 'm':
      options->mcu = optarg;
      break;
    case 'f':
      if (kc_parse_number(optarg, 100000000, &number) || number < 1000) {
        kc_log(KC_LOG_ERROR, "--freq wants a frequency in Hz, such as 16000000");
        return KC_EXIT_USAGE;
      }
      options->frequency = (uint32_t)number;
      break;
    case 'e':
      options->firmware_path = optarg;
      break;
    case OPT_EEPROM:
      options->eeprom_path = optarg;
      break;
    case OPT_BOOTLOADER:
      options->bootloader_path = optarg;
      break;
    case OPT_LINK:
      options->link_path = optarg;
      break;
    case OPT_CONTROL:
      options->control_path = optarg;
      break;
    case OPT_CONTROL_FD:
      if (kc_parse_control_fd(optarg, options)) {
        kc_log(KC_LOG_ERROR, "--control-fd wants a descriptor number N, or IN:OUT");
        return KC_EXIT_USAGE;
      }
      break;
    case OPT_PINS_LOG:
      options->pins_log = true;
      break;
    case OPT_FAST:
      options->fast = true;
      break;
    case OPT_BOOT_DELAY:
      if (kc_parse_number(optarg, 60000, &number)) {
        kc_log(KC_LOG_ERROR, "--boot-delay wants milliseconds, 0 to 60000");
        return KC_EXIT_USAGE;
      }
      options->boot_delay_ms = (unsigned)number;
      break;
    case OPT_EXIT_ON_EOF:
      options->exit_on_eof = true;
      break;
    case 'v':
      options->verbosity++;
      break;
    case 'q':
      options->verbosity = KC_LOG_ERROR;
      break;
    case 'h':
      kc_usage(stdout);
      exit(KC_EXIT_OK);
    default:
      kc_usage(stderr);
      return KC_EXIT_USAGE;
    }
  }
  if (optind < argc && !options->firmware_path) {
    options->firmware_path = argv[optind++];
  }
  if (optind < argc || !options->firmware_path) {
    kc_log(KC_LOG_ERROR, optind < argc ? "unexpected argument '%s'" : "no --firmware given%s",
           optind < argc ? argv[optind] : "");
    kc_usage(stderr);
    return KC_EXIT_USAGE;
  }
  if (options->control_path && options->control_in_fd != STDIN_FILENO) {
    kc_log(KC_LOG_ERROR, "--control and --control-fd cannot be used together");
    return KC_EXIT_USAGE;
  }
  return KC_EXIT_OK;
}

// libsimavr prints on standard output; the port line and events must not
// mix with that, so fd 1 becomes stderr and the real stdout is kept apart.
static int kc_divert_stdout(void) {
  fflush(stdout);
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    return -1;
  }
  return saved;
}

static int kc_print_port(kc_vboard_t *board) {
  char line[160];
  int length = snprintf(line, sizeof line, "port %s\n", board->bridge.slave_path);
  if (write(board->stdout_fd, line, (size_t)length) != length) {
    kc_log(KC_LOG_ERROR, "cannot write the port name on standard output: %s", strerror(errno));
    return KC_EXIT_IO;
  }
  return KC_EXIT_OK;
}

static int kc_start(kc_vboard_t *board) {
  int status = kc_board_load(board);
  if (status == KC_EXIT_OK) {
    status = kc_board_create(board);
  }
  if (status == KC_EXIT_OK) {
    status = kc_eeprom_load(board);
  }
  if (status == KC_EXIT_OK) {
    status = kc_bridge_open(board);
  }
  if (status == KC_EXIT_OK) {
    status = kc_bridge_make_link(board);
  }
  if (status == KC_EXIT_OK) {
    status = kc_control_open(board);
  }
  if (status == KC_EXIT_OK) {
    status = kc_print_port(board);
  }
  return status;
}

static void kc_finish(kc_vboard_t *board) {
  if (board->avr && board->avr->state != cpu_Done) {
    avr_terminate(board->avr);
  }
  kc_eeprom_track(board, true);
  kc_bridge_close(board);
  kc_control_close(board);
}

int main(int argc, char **argv) {
  static kc_vboard_t board;
  board.options.control_in_fd = STDIN_FILENO;
  board.options.control_out_fd = -2; // the real standard output, once known
  board.options.verbosity = KC_LOG_WARNING;
  board.options.boot_delay_ms = 10;
  board.bridge.master_fd = -1;
  board.control.listen_fd = board.control.in_fd = board.control.out_fd = -1;

  int status = kc_parse_options(argc, argv, &board.options);
  if (status != KC_EXIT_OK) {
    return status;
  }
  kc_verbosity = board.options.verbosity;
  board.stdout_fd = kc_divert_stdout();
  if (board.stdout_fd < 0) {
    kc_log(KC_LOG_ERROR, "cannot set up standard output: %s", strerror(errno));
    return KC_EXIT_OS;
  }
  if (board.options.control_out_fd == -2) {
    board.options.control_out_fd = board.stdout_fd;
  }
  avr_global_logger_set(kc_simavr_logger);
  kc_install_signals();

  status = kc_start(&board);
  if (status == KC_EXIT_OK) {
    kc_log(KC_LOG_INFO, "%s at %" PRIu32 " Hz on %s", board.mcu, board.avr->frequency,
           board.bridge.slave_path);
    if (board.control.out_fd >= 0) {
      kc_control_event(&board, "ready");
    }
    kc_pace_rebase(&board);
    while (!kc_stop_signal && !board.quit) {
      kc_step(&board);
    }
    if (kc_stop_signal) {
      kc_log(KC_LOG_INFO, "stopping on %s", strsignal(kc_stop_signal));
    }
  }
  kc_finish(&board);
  return status;
}
