// kc-vboard: the control channel, one text line per command or event.
//
// Host to board:  analog A0 512 | analog A0 2500mV | digital D2 1|0|release
//                 reset | ping | quit | help
// Board to host:  ready | pin D13 1 at CYCLE us MICROS
//                 reset at CYCLE us MICROS cause open|command|firmware
//                 stopped|crashed at CYCLE us MICROS | pong at CYCLE us MICROS
//                 error TEXT
//
// The channel is standard input and output by default, an inherited
// descriptor with --control-fd, or a Unix socket server with --control
// (one client at a time; a new client replaces the old one). Events are
// queued and written only when the reader can take them, so a slow reader
// never stalls the simulation.

#define _GNU_SOURCE
#include "kc_vboard.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define KC_CONTROL_MAX_PENDING (4u << 20)
// At most this much per write: a pipe that polled writable takes it whole.
#define KC_CONTROL_WRITE_CHUNK 4096u

static int kc_control_listen(kc_vboard_t *board, const char *path) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof address.sun_path) {
    kc_log(KC_LOG_ERROR, "--control %s: the path is too long for a Unix socket", path);
    return KC_EXIT_USAGE;
  }
  strcpy(address.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct stat status;
  if (fd >= 0 && lstat(path, &status) == 0) {
    if (!S_ISSOCK(status.st_mode)) {
      kc_log(KC_LOG_ERROR, "--control %s: a file is in the way", path);
      close(fd);
      return KC_EXIT_CANT_CREATE;
    }
    // A socket nobody answers on is left over from a board that died.
    if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0) {
      kc_log(KC_LOG_ERROR, "--control %s: another virtual board listens there", path);
      close(fd);
      return KC_EXIT_CANT_CREATE;
    }
    close(fd);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  }
  if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 4)) {
    kc_log(KC_LOG_ERROR, "--control %s: %s", path, strerror(errno));
    if (fd >= 0) {
      close(fd);
    }
    return KC_EXIT_CANT_CREATE;
  }
  board->control.listen_fd = fd;
  return KC_EXIT_OK;
}

int kc_control_open(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  const kc_options_t *options = &board->options;
  if (options->control_path) {
    return kc_control_listen(board, options->control_path);
  }
  bool explicit = options->control_out_fd != board->stdout_fd;
  control->in_fd = fcntl(options->control_in_fd, F_GETFD) >= 0 ? options->control_in_fd : -1;
  control->out_fd = fcntl(options->control_out_fd, F_GETFD) >= 0 ? options->control_out_fd : -1;
  if (explicit && (control->in_fd < 0 || control->out_fd < 0)) {
    kc_log(KC_LOG_ERROR, "--control-fd: descriptor %d is not open",
           control->in_fd < 0 ? options->control_in_fd : options->control_out_fd);
    return KC_EXIT_USAGE;
  }
  return KC_EXIT_OK;
}

static void kc_control_drop_client(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  if (control->in_is_socket && control->in_fd >= 0) {
    close(control->in_fd);
  }
  control->in_fd = control->out_fd = -1;
  control->in_is_socket = false;
  control->pending_length = 0;
  control->line_length = 0;
}

void kc_control_event(kc_vboard_t *board, const char *format, ...) {
  kc_control_t *control = &board->control;
  if (control->out_fd < 0) {
    return;
  }
  char line[512];
  va_list arguments;
  va_start(arguments, format);
  int length = vsnprintf(line, sizeof line - 1, format, arguments);
  va_end(arguments);
  if (length < 0) {
    return;
  }
  if ((size_t)length > sizeof line - 2) {
    length = (int)sizeof line - 2;
  }
  line[length++] = '\n';

  size_t needed = control->pending_length + (size_t)length;
  if (needed > KC_CONTROL_MAX_PENDING) {
    control->dropped++;
    return;
  }
  if (needed > control->pending_capacity) {
    size_t capacity = control->pending_capacity ? control->pending_capacity * 2 : 65536;
    char *grown = realloc(control->pending, capacity);
    if (!grown) {
      control->dropped++;
      return;
    }
    control->pending = grown;
    control->pending_capacity = capacity;
  }
  memcpy(control->pending + control->pending_length, line, (size_t)length);
  control->pending_length = needed;
}

static void kc_control_flush(kc_vboard_t *board, int timeout_ms) {
  kc_control_t *control = &board->control;
  while (control->pending_length && control->out_fd >= 0) {
    struct pollfd watch = {.fd = control->out_fd, .events = POLLOUT};
    if (poll(&watch, 1, timeout_ms) <= 0) {
      return;
    }
    size_t chunk = control->pending_length;
    chunk = chunk > KC_CONTROL_WRITE_CHUNK ? KC_CONTROL_WRITE_CHUNK : chunk;
    ssize_t written =
        (watch.revents & POLLOUT) ? write(control->out_fd, control->pending, chunk) : -1;
    if (written < 0 && errno == EAGAIN) {
      return;
    }
    if (written <= 0) {
      kc_log(KC_LOG_INFO, "the control channel's reader is gone");
      kc_control_drop_client(board);
      return;
    }
    control->pending_length -= (size_t)written;
    memmove(control->pending, control->pending + written, control->pending_length);
  }
}

void kc_control_poll_fds(kc_vboard_t *board, struct pollfd *fds, int *count) {
  kc_control_t *control = &board->control;
  if (control->listen_fd >= 0) {
    fds[(*count)++] = (struct pollfd){.fd = control->listen_fd, .events = POLLIN};
  }
  if (control->in_fd >= 0) {
    fds[(*count)++] = (struct pollfd){.fd = control->in_fd, .events = POLLIN};
  }
  if (control->out_fd >= 0 && control->pending_length) {
    fds[(*count)++] = (struct pollfd){.fd = control->out_fd, .events = POLLOUT};
  }
}

static void kc_control_help(kc_vboard_t *board) {
  kc_control_event(board, "help analog A0 512 | analog A0 2500mV | digital D2 1|0|release");
  kc_control_event(board, "help reset | ping | quit");
}

static void kc_control_execute(kc_vboard_t *board, char *line) {
  char *words[4];
  int count = 0;
  for (char *word = strtok(line, " \t\r"); word && count < 4; word = strtok(NULL, " \t\r")) {
    words[count++] = word;
  }
  if (count == 0 || words[0][0] == '#') {
    return;
  }
  const char *command = words[0];
  if (strcmp(command, "analog") == 0 && count == 3) {
    kc_pins_set_analog(board, words[1], words[2]);
  } else if (strcmp(command, "digital") == 0 && count == 3) {
    kc_pins_set_digital(board, words[1], words[2]);
  } else if (strcmp(command, "reset") == 0 && count == 1) {
    kc_board_request_reset(board, "command");
  } else if (strcmp(command, "quit") == 0 && count == 1) {
    board->quit = true;
  } else if (strcmp(command, "ping") == 0 && count == 1) {
    avr_cycle_count_t cycle = kc_board_cycle(board);
    kc_control_event(board, "pong at %" PRIu64 " us %" PRIu64, cycle,
                     kc_cycles_to_us(board, cycle));
  } else if (strcmp(command, "help") == 0) {
    kc_control_help(board);
  } else {
    kc_control_event(board, "error unknown command '%s' (try help)", command);
  }
}

static void kc_control_accept(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  int client = accept4(control->listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (client < 0) {
    return;
  }
  if (control->in_fd >= 0) {
    kc_log(KC_LOG_INFO, "a new control client replaces the previous one");
    kc_control_drop_client(board);
  }
  control->in_fd = control->out_fd = client;
  control->in_is_socket = true;
  kc_control_event(board, "ready");
}

static void kc_control_read(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  char chunk[512];
  ssize_t length = read(control->in_fd, chunk, sizeof chunk);
  if (length < 0 && (errno == EAGAIN || errno == EINTR)) {
    return;
  }
  if (length <= 0) {
    if (control->in_is_socket) {
      kc_control_drop_client(board);
      return;
    }
    control->in_fd = -1;
    board->quit = board->options.exit_on_eof;
    kc_log(KC_LOG_INFO, "end of the control input%s", board->quit ? ": stopping" : "");
    return;
  }
  for (ssize_t index = 0; index < length; index++) {
    char byte = chunk[index];
    if (byte != '\n') {
      if (control->line_length < sizeof control->line - 1) {
        control->line[control->line_length++] = byte;
      }
      continue;
    }
    control->line[control->line_length] = 0;
    control->line_length = 0;
    kc_control_execute(board, control->line);
  }
}

void kc_control_service(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  struct pollfd fds[2];
  int count = 0;
  if (control->listen_fd >= 0) {
    fds[count++] = (struct pollfd){.fd = control->listen_fd, .events = POLLIN};
  }
  if (control->in_fd >= 0) {
    fds[count++] = (struct pollfd){.fd = control->in_fd, .events = POLLIN};
  }
  if (count && poll(fds, (nfds_t)count, 0) > 0) {
    for (int index = 0; index < count; index++) {
      if (!fds[index].revents) {
        continue;
      }
      if (fds[index].fd == control->listen_fd) {
        kc_control_accept(board);
      } else if (fds[index].fd == control->in_fd) {
        kc_control_read(board);
      }
    }
  }
  kc_control_flush(board, 0);
}

void kc_control_close(kc_vboard_t *board) {
  kc_control_t *control = &board->control;
  // Let a reader take the last events, but do not hang on one that left.
  kc_control_flush(board, 200);
  if (control->dropped) {
    kc_log(KC_LOG_WARNING, "%llu control events were dropped: the reader was too slow",
           (unsigned long long)control->dropped);
  }
  kc_control_drop_client(board);
  if (control->listen_fd >= 0) {
    close(control->listen_fd);
    unlink(board->options.control_path);
    control->listen_fd = -1;
  }
  free(control->pending);
  control->pending = NULL;
}
