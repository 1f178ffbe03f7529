// kc-tiocm-shim: an LD_PRELOAD library for tests.
//
// A pseudo-terminal has no modem lines: the TIOCM* ioctls fail on it, and
// libserialport's sp_open stops there, so its code path cannot be tested
// against the virtual board. Preloaded, this library makes those ioctls
// succeed on descriptors that refuse them, keeping the lines' state, and
// appends each DTR change to the file named by $KC_TIOCM_LOG (`dtr 0`,
// `dtr 1`) so that a test can see what the host did with the line.
//
//   make -C VirtualBoard tiocm-shim    builds .build/vboard/kc-tiocm-shim.so

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef int (*kc_ioctl_fn)(int, unsigned long, ...);

static int kc_lines = TIOCM_DTR | TIOCM_RTS;

static void kc_log_dtr(int before, int after) {
  const char *path = getenv("KC_TIOCM_LOG");
  if (!path || (before & TIOCM_DTR) == (after & TIOCM_DTR)) {
    return;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd >= 0) {
    const char *line = after & TIOCM_DTR ? "dtr 1\n" : "dtr 0\n";
    ssize_t written = write(fd, line, strlen(line));
    (void)written;
    close(fd);
  }
}

// Only what a pty refuses is faked; a real port keeps its own answers.
static int kc_fake_modem_lines(unsigned long request, int *argument) {
  int before = kc_lines;
  switch (request) {
  case TIOCMGET:
    *argument = kc_lines;
    return 0;
  case TIOCMSET:
    kc_lines = *argument;
    break;
  case TIOCMBIS:
    kc_lines |= *argument;
    break;
  case TIOCMBIC:
    kc_lines &= ~*argument;
    break;
  default:
    return -1;
  }
  kc_log_dtr(before, kc_lines);
  return 0;
}

int ioctl(int fd, unsigned long request, ...) {
  static kc_ioctl_fn real;
  if (!real) {
    real = (kc_ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
  }
  va_list arguments;
  va_start(arguments, request);
  void *argument = va_arg(arguments, void *);
  va_end(arguments);

  int result = real(fd, request, argument);
  if (result == 0 || (errno != ENOTTY && errno != EINVAL) || !argument) {
    return result;
  }
  int saved = errno;
  if (kc_fake_modem_lines(request, argument) == 0) {
    return 0;
  }
  errno = saved;
  return result;
}
