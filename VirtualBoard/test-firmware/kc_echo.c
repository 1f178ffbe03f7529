// kc_echo: a tiny ATmega328P firmware that exercises the virtual board.
//
// It is not the Kocode firmware: it exists only so that kc-vboard can be
// tested before the real firmware does. At boot it prints "hello\n", then
// echoes every byte it receives and toggles D13 for each one. A line that
// starts with '#' is also a command, answered after its echo:
//
//   #a[N]     read analog input AN (default A0)  -> "a0 512"
//   #w TEXT   store TEXT in EEPROM at address 0  -> "w ok"
//   #r        read the text stored in EEPROM     -> "r TEXT"
//   #d        read D2 and D3                     -> "d 1 1"
//   #m        milliseconds since boot            -> "m 1234"
//   #b N      busy-wait N ms without sleeping    -> "b 1234" (ms at the end)
//   #c        MCUSR as it was at boot            -> "c 2"
//   #p N      PWM on D9 with duty N/255 (0: off) -> "p N"
//   #x        sleep with interrupts off (simavr stops the simulation)
//
// The UART runs at 115200 baud (U2X, UBRR 16) with both directions
// interrupt-driven; the CPU sleeps (idle mode) whenever it has nothing to do.

#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <util/atomic.h>

#define KC_TX_MASK   127u
#define KC_LINE_SIZE 48u
#define KC_TEXT_SIZE 32u

// The receive ring is 256 bytes so that uint8_t indexes wrap by themselves.
static volatile uint8_t kc_rx_ring[256];
static volatile uint8_t kc_rx_head, kc_rx_tail;
static volatile uint8_t kc_tx_ring[KC_TX_MASK + 1];
static volatile uint8_t kc_tx_head, kc_tx_tail;
static volatile uint32_t kc_millis;

// .noinit: the C start-up code clears .bss after .init3 has run.
static uint8_t kc_boot_mcusr __attribute__((section(".noinit")));

// A bootloader may leave the watchdog running: stop it before anything else.
void kc_early_init(void) __attribute__((naked, used, section(".init3")));
void kc_early_init(void) {
  kc_boot_mcusr = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

ISR(USART_RX_vect) {
  uint8_t byte = UDR0;
  uint8_t next = (uint8_t)(kc_rx_head + 1);
  if (next != kc_rx_tail) {
    kc_rx_ring[kc_rx_head] = byte;
    kc_rx_head = next;
  }
}

ISR(USART_UDRE_vect) {
  if (kc_tx_tail == kc_tx_head) {
    UCSR0B &= (uint8_t) ~(1 << UDRIE0);
    return;
  }
  UDR0 = kc_tx_ring[kc_tx_tail];
  kc_tx_tail = (kc_tx_tail + 1) & KC_TX_MASK;
}

ISR(TIMER0_COMPA_vect) {
  kc_millis++;
}

static void kc_uart_init(void) {
  // 16 MHz / (8 * (16 + 1)) = 117647 baud: +2.1 %, closer than UBRR 8 at 1x.
  UCSR0A = 1 << U2X0;
  UBRR0 = 16;
  UCSR0C = (1 << UCSZ01) | (1 << UCSZ00);
  UCSR0B = (1 << RXEN0) | (1 << TXEN0) | (1 << RXCIE0);
}

static void kc_timer_init(void) {
  // CTC at 16 MHz / 64 / 250 = 1 kHz: one interrupt per millisecond.
  TCCR0A = 1 << WGM01;
  OCR0A = 249;
  TCCR0B = (1 << CS01) | (1 << CS00);
  TIMSK0 = 1 << OCIE0A;
}

static uint32_t kc_now(void) {
  uint32_t now;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    now = kc_millis;
  }
  return now;
}

static void kc_put(uint8_t byte) {
  uint8_t next = (kc_tx_head + 1) & KC_TX_MASK;
  while (next == kc_tx_tail) {
  }
  kc_tx_ring[kc_tx_head] = byte;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    kc_tx_head = next;
    UCSR0B |= 1 << UDRIE0;
  }
}

static void kc_puts(const char *text) {
  while (*text) {
    kc_put((uint8_t)*text++);
  }
}

static void kc_put_number(char tag, uint32_t value) {
  char digits[11];
  kc_put((uint8_t)tag);
  kc_put(' ');
  kc_puts(ultoa(value, digits, 10));
  kc_put('\n');
}

static int16_t kc_take(void) {
  if (kc_rx_tail == kc_rx_head) {
    return -1;
  }
  uint8_t byte = kc_rx_ring[kc_rx_tail];
  kc_rx_tail++;
  return byte;
}

// Sleep until the next interrupt, unless a byte arrived since the last look.
static void kc_idle(void) {
  set_sleep_mode(SLEEP_MODE_IDLE);
  cli();
  if (kc_rx_head == kc_rx_tail) {
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}

static uint16_t kc_analog_read(uint8_t channel) {
  ADMUX = (1 << REFS0) | (channel & 7);
  ADCSRA = (1 << ADEN) | (1 << ADSC) | (1 << ADPS2) | (1 << ADPS1) | (1 << ADPS0);
  while (ADCSRA & (1 << ADSC)) {
  }
  return ADC;
}

static void kc_eeprom_store(const char *text) {
  uint8_t length = 0;
  while (text[length] && length < KC_TEXT_SIZE - 1) {
    length++;
  }
  eeprom_update_block(text, (void *)0, length);
  eeprom_update_byte((uint8_t *)(uintptr_t)length, 0);
  kc_puts("w ok\n");
}

static void kc_eeprom_show(void) {
  kc_puts("r ");
  for (uint8_t address = 0; address < KC_TEXT_SIZE; address++) {
    uint8_t byte = eeprom_read_byte((const uint8_t *)(uintptr_t)address);
    if (byte == 0 || byte == 0xFF) {
      break;
    }
    kc_put(byte);
  }
  kc_put('\n');
}

static void kc_busy_wait(const char *argument) {
  uint32_t duration = strtoul(argument, NULL, 10);
  uint32_t start = kc_now();
  while (kc_now() - start < duration) {
  }
  kc_put_number('b', kc_now());
}

// Timer1 in 8-bit fast PWM drives OC1A (D9) by itself; 0 turns it off.
static void kc_pwm(const char *argument) {
  uint8_t duty = (uint8_t)strtoul(argument, NULL, 10);
  DDRB |= 1 << PB1;
  if (duty == 0) {
    TCCR1A = 0;
    TCCR1B = 0;
    PORTB &= (uint8_t) ~(1 << PB1);
  } else {
    OCR1A = duty;
    TCCR1A = (1 << COM1A1) | (1 << WGM10);
    TCCR1B = (1 << WGM12) | (1 << CS11) | (1 << CS10);
  }
  kc_put_number('p', duty);
}

static void kc_command(char *line) {
  switch (line[1]) {
  case 'a': {
    uint8_t channel = (line[2] >= '0' && line[2] <= '7') ? (uint8_t)(line[2] - '0') : 0;
    kc_puts("a");
    kc_put_number((char)('0' + channel), kc_analog_read(channel));
    break;
  }
  case 'w':
    kc_eeprom_store(line[2] == ' ' ? line + 3 : line + 2);
    break;
  case 'r':
    kc_eeprom_show();
    break;
  case 'd':
    kc_puts("d ");
    kc_put((PIND & (1 << PD2)) ? '1' : '0');
    kc_put(' ');
    kc_put((PIND & (1 << PD3)) ? '1' : '0');
    kc_put('\n');
    break;
  case 'm':
    kc_put_number('m', kc_now());
    break;
  case 'b':
    kc_busy_wait(line + 2);
    break;
  case 'c':
    kc_put_number('c', kc_boot_mcusr);
    break;
  case 'p':
    kc_pwm(line + 2);
    break;
  case 'x':
    cli();
    sleep_enable();
    sleep_cpu();
    break;
  default:
    kc_puts("?\n");
    break;
  }
}

int main(void) {
  char line[KC_LINE_SIZE];
  uint8_t length = 0;

  // D13 drives the LED; D2 and D3 are inputs with their pull-ups.
  DDRB |= 1 << PB5;
  PORTD |= (1 << PD2) | (1 << PD3);
  kc_uart_init();
  kc_timer_init();
  sei();
  kc_puts("hello\n");

  for (;;) {
    int16_t received = kc_take();
    if (received < 0) {
      kc_idle();
      continue;
    }
    PORTB ^= 1 << PB5;
    kc_put((uint8_t)received);

    if (received != '\n') {
      if (length < KC_LINE_SIZE - 1) {
        line[length++] = (char)received;
      }
      continue;
    }
    line[length] = 0;
    if (length >= 2 && line[0] == '#') {
      kc_command(line);
    }
    length = 0;
  }
}
