/* USART0 at 115200 baud, 8N1, both ways through ring buffers filled and
 * drained by interrupts: the chip itself holds only two received bytes. */
#include <avr/interrupt.h>
#include <avr/io.h>

#include "kc_fw.h"

/* The receive ring holds a whole upload frame (72 bytes on the wire)
 * while the frame before it is written to EEPROM (docs/protocol.md,
 * "Reliability"); the transmit ring holds a run's first events, which
 * wait for room. Indices wrap by comparison, so that the sizes need not
 * be powers of two and both fit the Uno's static RAM budget. */
#define KC_RX_BYTES 80
#define KC_TX_BYTES 112

#if defined(__AVR_ATmega2560__)
#define KC_UART_RX_VECTOR   USART0_RX_vect
#define KC_UART_UDRE_VECTOR USART0_UDRE_vect
#else
#define KC_UART_RX_VECTOR   USART_RX_vect
#define KC_UART_UDRE_VECTOR USART_UDRE_vect
#endif

/* The index after `at` in a ring of `size` bytes. */
static inline uint8_t kc_next(uint8_t at, uint8_t size) {
  return (uint8_t)(at + 1 == size ? 0 : at + 1);
}

static volatile uint8_t kc_rx_buffer[KC_RX_BYTES];
static volatile uint8_t kc_rx_head;
static volatile uint8_t kc_rx_tail;
static volatile uint8_t kc_tx_buffer[KC_TX_BYTES];
static volatile uint8_t kc_tx_head;
static volatile uint8_t kc_tx_tail;

void kc_fw_uart_init(void) {
  /* Double speed, UBRR 16: 117,647 baud, +2.1 %; UBRR 8 without it is -3.5 %. */
  UCSR0A = _BV(U2X0);
  UBRR0 = 16;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXCIE0) | _BV(RXEN0) | _BV(TXEN0);
}

/* A byte that finds the buffer full is dropped: the link protocol's
 * frames carry a CRC and are sent again. */
ISR(KC_UART_RX_VECTOR) {
  uint8_t byte = UDR0;
  uint8_t next = kc_next(kc_rx_head, KC_RX_BYTES);

  if (next != kc_rx_tail) {
    kc_rx_buffer[kc_rx_head] = byte;
    kc_rx_head = next;
  }
}

ISR(KC_UART_UDRE_VECTOR) {
  uint8_t tail = kc_tx_tail;

  if (tail == kc_tx_head) {
    UCSR0B &= (uint8_t)~_BV(UDRIE0);
    return;
  }
  UDR0 = kc_tx_buffer[tail];
  kc_tx_tail = kc_next(tail, KC_TX_BYTES);
}

uint8_t kc_fw_uart_send(const uint8_t *bytes, uint8_t count) {
  uint8_t head = kc_tx_head;
  uint8_t tail = kc_tx_tail;
  uint8_t room = (uint8_t)(tail > head ? tail - head - 1 : KC_TX_BYTES - 1 - (head - tail));

  if (count > room) {
    return 0;
  }
  while (count-- > 0) {
    kc_tx_buffer[head] = *bytes++;
    head = kc_next(head, KC_TX_BYTES);
  }
  kc_tx_head = head;
  UCSR0B |= _BV(UDRIE0);
  return 1;
}

int16_t kc_fw_uart_receive(void) {
  uint8_t tail = kc_rx_tail;
  uint8_t byte;

  if (tail == kc_rx_head) {
    return -1;
  }
  byte = kc_rx_buffer[tail];
  kc_rx_tail = kc_next(tail, KC_RX_BYTES);
  return byte;
}

void kc_fw_uart_drain(void) {
  while (kc_tx_head != kc_tx_tail) {
  }
}
