/* The integer arithmetic of language.md section 5, bit for bit as the
 * reference VM computes it. Nothing here overflows a signed type: wrapping
 * goes through unsigned arithmetic and kc_wrap. */
#include "kc_internal.h"

int32_t kc_wrap(uint32_t value) {
  /* Converting an unsigned value above INT32_MAX to int32_t is
   * implementation-defined in C: subtract 2^32 by hand instead. */
  if (value <= (uint32_t)INT32_MAX) {
    return (int32_t)value;
  }
  return (int32_t)(value - (uint32_t)INT32_MAX - 1u) - INT32_MAX - 1;
}

static int64_t kc_wrap64(uint64_t value) {
  if (value <= (uint64_t)INT64_MAX) {
    return (int64_t)value;
  }
  return (int64_t)(value - (uint64_t)INT64_MAX - 1u) - INT64_MAX - 1;
}

uint8_t kc_divide(int32_t a, int32_t b, int32_t *result) {
  if (b == 0) {
    return KC_ERR_DIVISION_BY_ZERO;
  }
  /* INT_MIN / -1 is the one quotient that does not fit: negate, wrapping. */
  *result = b == -1 ? kc_wrap(0u - (uint32_t)a) : a / b;
  return 0;
}

uint8_t kc_modulo(int32_t a, int32_t b, int32_t *result) {
  if (b == 0) {
    return KC_ERR_DIVISION_BY_ZERO;
  }
  /* Anything modulo -1 is 0, and INT_MIN % -1 is undefined in C. */
  *result = b == -1 ? 0 : a % b;
  return 0;
}

uint8_t kc_power(int32_t base, int32_t exponent, int32_t *result) {
  uint32_t product = 1;
  uint32_t square = (uint32_t)base;

  if (exponent < 0) {
    /* The real result truncated toward zero. */
    if (base == 0) {
      return KC_ERR_DIVISION_BY_ZERO;
    }
    if (base == 1) {
      *result = 1;
    } else if (base == -1) {
      *result = (exponent & 1) == 0 ? 1 : -1;
    } else {
      *result = 0;
    }
    return 0;
  }
  while (exponent > 0) {
    if ((exponent & 1) != 0) {
      product *= square;
    }
    exponent >>= 1;
    if (exponent > 0) {
      square *= square;
    }
  }
  *result = kc_wrap(product);
  return 0;
}

uint8_t kc_square_root(int32_t value, int32_t *result) {
  uint32_t remainder;
  uint32_t root = 0;
  uint32_t place = (uint32_t)1 << 30;

  if (value < 0) {
    return KC_ERR_NEGATIVE_ROOT;
  }
  remainder = (uint32_t)value;
  /* Digit by digit in base 4, from the highest power of 4 not above it. */
  while (place > remainder) {
    place >>= 2;
  }
  while (place != 0) {
    if (remainder >= root + place) {
      remainder -= root + place;
      root = (root >> 1) + place;
    } else {
      root >>= 1;
    }
    place >>= 2;
  }
  *result = (int32_t)root;
  return 0;
}

uint8_t kc_map(const int32_t *operands, int32_t *result) {
  /* v, a, b, c, d: (v - a) * (d - c) / (b - a) + c. */
  int64_t offset = (int64_t)operands[0] - operands[1];
  int64_t input_span = (int64_t)operands[2] - operands[1];
  int64_t output_span = (int64_t)operands[4] - operands[3];
  int64_t product;
  int64_t quotient;

  if (input_span == 0) {
    return KC_ERR_DIVISION_BY_ZERO;
  }
  product = kc_wrap64((uint64_t)offset * (uint64_t)output_span);
  /* Dividing by -1 is a wrapping negation: the one 64-bit quotient that
   * overflows. */
  quotient = input_span == -1 ? kc_wrap64(0u - (uint64_t)product) : product / input_span;
  *result = kc_wrap((uint32_t)((uint64_t)quotient + (uint64_t)(int64_t)operands[3]));
  return 0;
}

int32_t kc_random(uint32_t *state, int32_t from, int32_t to) {
  int32_t low = from < to ? from : to;
  int32_t high = from < to ? to : from;
  uint32_t drawn = *state;
  uint32_t span;

  drawn ^= drawn << 13;
  drawn ^= drawn >> 17;
  drawn ^= drawn << 5;
  *state = drawn;
  span = (uint32_t)high - (uint32_t)low + 1u;
  /* A span of the whole 32-bit range reads the state as a signed number. */
  if (span == 0) {
    return kc_wrap(drawn);
  }
  return kc_wrap((uint32_t)low + drawn % span);
}

int64_t kc_wait_us(int32_t count, int32_t unit_ms) {
  int64_t milliseconds = (int64_t)count * unit_ms;

  if (milliseconds <= 0) {
    return 0;
  }
  if (milliseconds > KC_MAX_WAIT_MS) {
    milliseconds = KC_MAX_WAIT_MS;
  }
  return milliseconds * 1000;
}

int64_t kc_next_grid(int64_t time) {
  return (time / KC_GRID_US + 1) * KC_GRID_US;
}
