// kc-vboard: the bridge between the simulated UART0 and a pseudo-terminal.
//
// The firmware's bytes go to the pty master as the UART sends them. Every
// 100 us of simulated time a cycle timer takes bytes from the master and
// hands them to the UART while it has room (XON/XOFF, receiver enabled,
// receive FIFO not full); whatever it cannot take yet stays in in_buffer.
// The master reports POLLHUP while no client holds the slave open; the
// moment a client opens it, the chip resets, as an Uno does on DTR.

#define _GNU_SOURCE
#include "kc_vboard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sim_time.h>

#define KC_BRIDGE_TICK_US 100u

int kc_bridge_open(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
      ptsname_r(master, bridge->slave_path, sizeof bridge->slave_path) != 0) {
    kc_log(KC_LOG_ERROR, "cannot create a pseudo-terminal: %s", strerror(errno));
    return KC_EXIT_OS;
  }

  // Raw 8-bit, no echo: the settings stay with the pty while the master
  // lives, so a client that does not set them still gets clean bytes.
  int slave = open(bridge->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  struct termios settings;
  if (slave < 0 || tcgetattr(slave, &settings) != 0) {
    kc_log(KC_LOG_ERROR, "cannot open %s: %s", bridge->slave_path, strerror(errno));
    return KC_EXIT_OS;
  }
  cfmakeraw(&settings);
  cfsetspeed(&settings, B115200);
  tcsetattr(slave, TCSANOW, &settings);
  // Opened and closed once, the slave makes the master report POLLHUP
  // until a client opens it: that is how an open is noticed.
  close(slave);

  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  bridge->master_fd = master;
  bridge->client_open = false;
  return KC_EXIT_OK;
}

int kc_bridge_make_link(kc_vboard_t *board) {
  const char *path = board->options.link_path;
  if (!path) {
    return KC_EXIT_OK;
  }
  struct stat status;
  if (lstat(path, &status) == 0) {
    char target[256] = "";
    ssize_t length = readlink(path, target, sizeof target - 1);
    target[length > 0 ? length : 0] = 0;
    if (!S_ISLNK(status.st_mode)) {
      kc_log(KC_LOG_ERROR, "--link %s: a file is in the way (not a symbolic link)", path);
      return KC_EXIT_CANT_CREATE;
    }
    if (stat(path, &status) == 0) {
      kc_log(KC_LOG_ERROR,
             "--link %s already points to %s, maybe another virtual board: "
             "stop it or remove the link",
             path, target);
      return KC_EXIT_CANT_CREATE;
    }
    kc_log(KC_LOG_INFO, "replacing the stale link %s -> %s", path, target);
  }
  char temporary[4096];
  snprintf(temporary, sizeof temporary, "%s.kc-vboard-%ld", path, (long)getpid());
  unlink(temporary);
  if (symlink(board->bridge.slave_path, temporary) != 0 || rename(temporary, path) != 0) {
    kc_log(KC_LOG_ERROR, "cannot make the link %s: %s", path, strerror(errno));
    unlink(temporary);
    return KC_EXIT_CANT_CREATE;
  }
  return KC_EXIT_OK;
}

static avr_uart_t *kc_bridge_find_uart(avr_t *avr, char name) {
  for (avr_io_t *io = avr->io_port; io; io = io->next) {
    if (io->kind && strcmp(io->kind, "uart") == 0 && ((avr_uart_t *)io)->name == name) {
      return (avr_uart_t *)io;
    }
  }
  return NULL;
}

// Room for one more byte, as the UART itself would judge it.
static bool kc_bridge_uart_has_room(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  avr_uart_t *uart = bridge->uart;
  if (!uart) {
    return !bridge->xoff;
  }
  // Bytes sent before the firmware enables its receiver would be lost.
  if (!avr_regbit_get(board->avr, uart->rxen)) {
    return false;
  }
  uint16_t size = uart_fifo_fifo_size;
  bool empty = uart->input.read == uart->input.write;
  bool full = ((uart->input.write + 1) & (size - 1)) == uart->input.read;
  // simavr 1.6 raises XON only once its FIFO is empty again.
  if (bridge->xoff && empty) {
    bridge->xoff = false;
  }
  return !bridge->xoff && !full;
}

static void kc_bridge_feed(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  if (!bridge->client_open) {
    return;
  }
  if (bridge->in_start == bridge->in_end) {
    bridge->in_start = bridge->in_end = 0;
    ssize_t length = read(bridge->master_fd, bridge->in_buffer, sizeof bridge->in_buffer);
    if (length > 0) {
      bridge->in_end = (size_t)length;
    }
  }
  while (bridge->in_start < bridge->in_end && kc_bridge_uart_has_room(board)) {
    avr_raise_irq(bridge->input_irq, bridge->in_buffer[bridge->in_start++]);
  }
}

void kc_bridge_flush(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  if (!bridge->out_length) {
    return;
  }
  ssize_t written = write(bridge->master_fd, bridge->out_buffer, bridge->out_length);
  if (written < 0 && errno != EAGAIN) {
    written = (ssize_t)bridge->out_length;
  }
  if (written > 0) {
    bridge->out_length -= (size_t)written;
    memmove(bridge->out_buffer, bridge->out_buffer + written, bridge->out_length);
  }
}

static avr_cycle_count_t kc_bridge_tick(avr_t *avr, avr_cycle_count_t when, void *param) {
  (void)avr;
  kc_vboard_t *board = param;
  kc_bridge_flush(board);
  kc_bridge_feed(board);
  return when + board->bridge.tick_cycles;
}

static void kc_bridge_on_output(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  kc_bridge_t *bridge = &((kc_vboard_t *)param)->bridge;
  // Nobody listens: the bytes are lost, as on a serial line.
  if (!bridge->client_open) {
    return;
  }
  if (bridge->out_length == sizeof bridge->out_buffer) {
    bridge->out_dropped++;
    return;
  }
  bridge->out_buffer[bridge->out_length++] = (uint8_t)value;
}

static void kc_bridge_on_xon(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  if (value) {
    ((kc_vboard_t *)param)->bridge.xoff = false;
  }
}

static void kc_bridge_on_xoff(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  ((kc_vboard_t *)param)->bridge.xoff = value != 0;
}

// Set again after every reset: the UART flags and the cycle timer.
static void kc_bridge_configure(kc_vboard_t *board) {
  avr_t *avr = board->avr;
  uint32_t flags = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  // STDIO would copy the output to the log; POLL_SLEEP would usleep(1) on
  // every status read and make polling firmware crawl.
  flags &= ~(uint32_t)(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  board->bridge.xoff = false;
  avr_cycle_timer_cancel(avr, kc_bridge_tick, board);
  avr_cycle_timer_register(avr, board->bridge.tick_cycles, kc_bridge_tick, board);
}

void kc_bridge_attach(kc_vboard_t *board) {
  avr_t *avr = board->avr;
  kc_bridge_t *bridge = &board->bridge;
  bridge->input_irq = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  if (!bridge->input_irq) {
    kc_log(KC_LOG_WARNING, "the %s has no UART0: the port stays silent", board->mcu);
    return;
  }
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT),
                          kc_bridge_on_output, board);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON),
                          kc_bridge_on_xon, board);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF),
                          kc_bridge_on_xoff, board);
  bridge->uart = kc_bridge_find_uart(avr, '0');
  bridge->tick_cycles = avr_usec_to_cycles(avr, KC_BRIDGE_TICK_US);
  kc_bridge_configure(board);
}

void kc_bridge_after_reset(kc_vboard_t *board) {
  if (board->bridge.input_irq) {
    kc_bridge_configure(board);
  }
}

void kc_bridge_check_client(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  struct pollfd watch = {.fd = bridge->master_fd, .events = POLLIN};
  if (poll(&watch, 1, 0) < 0) {
    return;
  }
  bool client = !(watch.revents & POLLHUP);
  if (client && !bridge->client_open) {
    bridge->client_open = true;
    kc_log(KC_LOG_INFO, "a client opened %s", bridge->slave_path);
    kc_board_request_reset(board, "open");
  } else if (!client && bridge->client_open) {
    bridge->client_open = false;
    // What the last client sent or did not read is not for the next one.
    bridge->in_start = bridge->in_end = 0;
    bridge->out_length = 0;
    tcflush(bridge->master_fd, TCIOFLUSH);
    // Bytes the client left unread wait in the slave's own queue, which
    // only a descriptor of the slave can flush.
    int slave = open(bridge->slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (slave >= 0) {
      tcflush(slave, TCIOFLUSH);
      close(slave);
    }
    kc_log(KC_LOG_INFO, "the client closed %s", bridge->slave_path);
  }
}

void kc_bridge_close(kc_vboard_t *board) {
  kc_bridge_t *bridge = &board->bridge;
  const char *path = board->options.link_path;
  if (path && bridge->master_fd >= 0) {
    char target[256];
    ssize_t length = readlink(path, target, sizeof target - 1);
    // Only our own link goes: another board may have taken the name since.
    if (length > 0) {
      target[length] = 0;
      if (strcmp(target, bridge->slave_path) == 0) {
        unlink(path);
      }
    }
  }
  if (bridge->out_dropped) {
    kc_log(KC_LOG_WARNING, "%llu bytes from the board were lost: the client did not read them",
           (unsigned long long)bridge->out_dropped);
  }
  if (bridge->master_fd >= 0) {
    close(bridge->master_fd);
    bridge->master_fd = -1;
  }
}
