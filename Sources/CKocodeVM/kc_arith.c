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

/* |a - b| as an unsigned number (the difference of two int32 values
 * needs 33 bits with its sign); *negative says a < b. */
KC_NOINLINE static uint32_t kc_distance(int32_t a, int32_t b, uint8_t *negative) {
  *negative = a < b;
  return a < b ? (uint32_t)b - (uint32_t)a : (uint32_t)a - (uint32_t)b;
}

/* Bit 31. */
#define KC_TOP_BIT 0x80000000u

/* *high:*low = a × b, shift and add in 32-bit halves: the compiler's
 * 64-bit product and shifts cost more flash on the AVR. */
KC_NOINLINE static void kc_multiply64(uint32_t a, uint32_t b, uint32_t *high, uint32_t *low) {
  uint32_t sum_high = 0;
  uint32_t sum_low = 0;
  uint8_t bit;

  for (bit = 0; bit < 32; bit++) {
    sum_high <<= 1;
    if ((sum_low & KC_TOP_BIT) != 0) {
      sum_high |= 1;
    }
    sum_low <<= 1;
    if ((a & KC_TOP_BIT) != 0) {
      sum_low += b;
      sum_high += sum_low < b;
    }
    a <<= 1;
  }
  *high = sum_high;
  *low = sum_low;
}

/* high:low = -(high:low), modulo 2^64. */
KC_NOINLINE static void kc_negate(uint32_t *high, uint32_t *low) {
  *high = ~*high + (*low == 0);
  *low = 0u - *low;
}

uint8_t kc_map(const int32_t *operands, int32_t *result) {
  /* v, a, b, c, d: (v - a) * (d - c) / (b - a) + c, the product wrapping
   * in 64 bits, the quotient truncated toward zero. Only the low 32 bits
   * of the quotient reach the result, so it is worked out from the
   * magnitudes and the signs, in 32-bit halves. */
  uint8_t offset_negative;
  uint8_t output_negative;
  uint8_t input_negative;
  uint32_t offset = kc_distance(operands[0], operands[1], &offset_negative);
  uint32_t output_span = kc_distance(operands[4], operands[3], &output_negative);
  uint32_t input_span = kc_distance(operands[2], operands[1], &input_negative);
  uint32_t low;
  uint32_t high;
  uint32_t remainder;
  uint8_t negative;

  if (input_span == 0) {
    return KC_ERR_DIVISION_BY_ZERO;
  }
  kc_multiply64(offset, output_span, &high, &low);
  /* The wrapped product's bits, then its sign and magnitude. */
  if (offset_negative != output_negative) {
    kc_negate(&high, &low);
  }
  negative = (high & KC_TOP_BIT) != 0;
  if (negative) {
    kc_negate(&high, &low);
  }
  low = kc_divide64(high, low, input_span, &remainder);
  if (negative != input_negative) {
    low = 0u - low;
  }
  *result = kc_wrap(low + (uint32_t)operands[3]);
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

uint32_t kc_wait_ms(int32_t count, uint16_t unit_ms) {
  uint64_t milliseconds = (uint64_t)(uint32_t)count * unit_ms;

  if (count <= 0) {
    return 0;
  }
  /* Above KC_MAX_WAIT_MS, 2^31 - 1, exactly when a bit above bit 30 is set. */
  if ((uint32_t)(milliseconds >> 32) != 0 || (uint32_t)milliseconds > KC_MAX_WAIT_MS) {
    return KC_MAX_WAIT_MS;
  }
  return (uint32_t)milliseconds;
}

uint32_t kc_divide64(uint32_t high, uint32_t low, uint32_t divisor, uint32_t *remainder) {
  uint32_t rest = 0;
  uint8_t bit;

  /* Bit by bit: the dividend shifts out at the top of high:low while the
   * quotient shifts in at the bottom of low. */
  for (bit = 0; bit < 64; bit++) {
    /* The remainder before the shift is below the divisor: shifted, it
     * needs 33 bits, the top one in `carry`. */
    uint8_t carry = (rest & KC_TOP_BIT) != 0;

    rest <<= 1;
    if ((high & KC_TOP_BIT) != 0) {
      rest |= 1;
    }
    high <<= 1;
    if ((low & KC_TOP_BIT) != 0) {
      high |= 1;
    }
    low <<= 1;
    if (carry || rest >= divisor) {
      rest -= divisor;
      low |= 1;
    }
  }
  *remainder = rest;
  return low;
}
