#!/usr/bin/env bash
# Tests of the virtual board: kc-vboard running the kc_echo test firmware.
#
#   VirtualBoard/tests/run.sh
#
# Builds everything, then drives the board the way a host does: through its
# pseudo-terminal (opened from bash) and its control channel (a FIFO for
# commands, a file for events). Prints `N passed, M failed` last and exits
# non-zero when a check failed. KC_VBOARD_KEEP=1 keeps the work folder (the
# boards' events and stderr) for a look afterwards.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/.build/vboard}
VBOARD=$BUILD/kc-vboard
FIRMWARE=$BUILD/kc-echo.elf
WORK=$(mktemp -d)

passed=0
failed=0
declare -A BOARD_PID BOARD_PORT BOARD_DIR BOARD_CONTROL

pass() {
  passed=$((passed + 1))
  echo "ok    - $1"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL  - $1"
}

check() {
  local name=$1
  shift
  if "$@" >/dev/null; then pass "$name"; else fail "$name"; fi
}

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

cleanup() {
  local name
  for name in "${!BOARD_PID[@]}"; do
    kill -TERM "${BOARD_PID[$name]}" 2>/dev/null
  done
  wait 2>/dev/null
  if [[ -n ${KC_VBOARD_KEEP:-} ]]; then
    echo "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# Waits until FILE has a line matching the extended regex PATTERN.
wait_for_line() {
  local file=$1 pattern=$2 seconds=${3:-5}
  local deadline=$(($(now_ms) + seconds * 1000))
  while (($(now_ms) < deadline)); do
    grep -Eq -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# start_board NAME [kc-vboard options...]: events go to $dir/events, the
# commands come from the FIFO $dir/control, held open by BOARD_CONTROL.
start_board() {
  local name=$1
  shift
  local dir=$WORK/$name
  mkdir -p "$dir"
  mkfifo "$dir/control"
  "$VBOARD" --firmware "$FIRMWARE" "$@" <"$dir/control" >"$dir/events" 2>"$dir/stderr" &
  BOARD_PID[$name]=$!
  local control
  exec {control}>"$dir/control"
  BOARD_CONTROL[$name]=$control
  BOARD_DIR[$name]=$dir
  if ! wait_for_line "$dir/events" '^ready$' 5; then
    BOARD_PORT[$name]=""
    return 1
  fi
  BOARD_PORT[$name]=$(sed -n '1s/^port //p' "$dir/events")
  [[ -c ${BOARD_PORT[$name]} ]]
}

# stop_board NAME SIGNAL: returns kc-vboard's exit status.
stop_board() {
  local name=$1 signal=${2:-INT}
  kill "-$signal" "${BOARD_PID[$name]}"
  wait "${BOARD_PID[$name]}"
  local status=$?
  exec {BOARD_CONTROL[$name]}>&-
  unset "BOARD_PID[$name]"
  return $status
}

control() {
  echo "$2" >&"${BOARD_CONTROL[$1]}"
}

# open_port NAME FD_VARIABLE: opens the board's pty read-write in bash.
open_port() {
  local port=${BOARD_PORT[$1]}
  stty -F "$port" raw 115200 || return 1
  local fd
  exec {fd}<>"$port" || return 1
  printf -v "$2" '%s' "$fd"
}

# read_until FD PATTERN [SECONDS]: prints the first line matching PATTERN.
read_until() {
  local fd=$1 pattern=$2 seconds=${3:-3}
  local line deadline=$(($(now_ms) + seconds * 1000))
  while (($(now_ms) < deadline)); do
    IFS= read -r -t 1 -u "$fd" line || continue
    if [[ $line =~ $pattern ]]; then
      printf '%s\n' "$line"
      return 0
    fi
  done
  return 1
}

drain() {
  local fd=$1 junk
  while IFS= read -r -t 0.2 -u "$fd" junk; do :; done
}

# ask FD COMMAND PATTERN: sends a '#' command, prints the matching answer.
# The newline first ends any line that earlier data left open.
ask() {
  printf '\n%s\n' "$2" >&"$1"
  read_until "$1" "$3" "${4:-3}"
}

# Printable test data without '#', so that no line turns into a command.
make_data() {
  local size=$1 file=$2
  tr -dc 'A-Za-z0-9 .,;:!?()' </dev/urandom | head -c "$size" |
    fold -w 63 | head -c "$size" >"$file"
}

# echo_check FD SIZE NAME: writes SIZE bytes, reads them back, compares;
# leaves the elapsed milliseconds in ECHO_MS.
echo_check() {
  local fd=$1 size=$2 name=$3
  local sent=$WORK/$name.sent received=$WORK/$name.received
  make_data "$size" "$sent"
  drain "$fd"
  local start
  start=$(now_ms)
  cat "$sent" >&"$fd" &
  local writer=$!
  timeout $((size / 2000 + 10)) head -c "$(stat -c %s "$sent")" <&"$fd" >"$received"
  ECHO_MS=$(($(now_ms) - start))
  wait "$writer"
  cmp -s "$sent" "$received"
}

analog_reads() {
  local fd=$1 board=$2 raw=$3
  control "$board" "analog A0 $raw"
  sleep 0.05
  local answer
  answer=$(ask "$fd" '#a' '^a0 [0-9]+') || return 1
  local value=${answer#a0 }
  ((value >= raw - 1 && value <= raw + 1)) || {
    echo "      analog A0 $raw read as '$answer'" >&2
    return 1
  }
}

echo "kc-vboard tests in $WORK"

# --- build -------------------------------------------------------------------
check "build kc-vboard and the test firmware" make -s -C "$ROOT/VirtualBoard" all
[[ -x $VBOARD && -f $FIRMWARE ]] || {
  echo "0 passed, 1 failed"
  exit 1
}

# --- start, reset on open, banner ---------------------------------------------
EEPROM=$WORK/eeprom.bin
LINK=$WORK/ttyKC0
check "start: port line, then ready" start_board a --eeprom "$EEPROM" --link "$LINK"
check "--link points to the port" test "$(readlink "$LINK")" = "${BOARD_PORT[a]}"
check "port line comes first on stdout" grep -q '^port /dev/pts/' <(head -1 "$WORK/a/events")

open_port a PORT_A
check "banner after open" read_until "$PORT_A" '^hello$'
check "open reported as a reset" grep -Eq '^reset at [0-9]+ us [0-9]+ cause open$' \
  "$WORK/a/events"
check "the reset is an external one (MCUSR EXTRF)" \
  test "$(ask "$PORT_A" '#c' '^c [0-9]+')" = "c 2"

# --- UART echo ----------------------------------------------------------------
before=$(grep -c '^pin D13 [01] at' "$WORK/a/events")
check "echo of 2,000 bytes intact" echo_check "$PORT_A" 2000 echo2k
sleep 0.2
after=$(grep -c '^pin D13 [01] at' "$WORK/a/events")
check "pin D13 events: one per echoed byte ($((after - before)))" \
  test $((after - before)) -ge 2000
check "pin events carry cycle and microseconds" \
  grep -Eq '^pin D13 [01] at [0-9]+ us [0-9]+$' "$WORK/a/events"

check "echo of 30,000 bytes intact" echo_check "$PORT_A" 30000 echo30k
THROUGHPUT=$((30000 * 1000 / (ECHO_MS > 0 ? ECHO_MS : 1)))
echo "      30,000 bytes echoed in $ECHO_MS ms: $THROUGHPUT bytes/s each way"
check "throughput near 115200 baud (> 8,000 bytes/s)" test "$THROUGHPUT" -gt 8000

# --- analog and digital inputs ---------------------------------------------------
check "analog A0 512 reads back 512" analog_reads "$PORT_A" a 512
check "analog A0 0 reads back 0" analog_reads "$PORT_A" a 0
check "analog A0 1023 reads back 1023" analog_reads "$PORT_A" a 1023
check "analog A0 300 reads back 300" analog_reads "$PORT_A" a 300
check "D2 and D3 read high (pull-ups)" test "$(ask "$PORT_A" '#d' '^d ')" = "d 1 1"
control a "digital D2 0"
sleep 0.05
check "digital D2 0 reads low" test "$(ask "$PORT_A" '#d' '^d ')" = "d 0 1"
control a "digital D2 release"
sleep 0.05
check "digital D2 release reads high again" test "$(ask "$PORT_A" '#d' '^d ')" = "d 1 1"
control a "bogus"
check "an unknown command gets an error event" wait_for_line "$WORK/a/events" '^error ' 2

# --- PWM: a timer drives D9 ------------------------------------------------------------
before=$(grep -c '^pin D9 ' "$WORK/a/events")
ask "$PORT_A" '#p 64' '^p 64' >/dev/null
sleep 0.1
edges=$(($(grep -c '^pin D9 ' "$WORK/a/events") - before))
check "PWM on D9 reported edge by edge ($edges edges in 0.1 s)" test "$edges" -ge 100
ask "$PORT_A" '#p 0' '^p 0' >/dev/null
sleep 0.05
read -r _ _ last_d9 _ < <(grep '^pin D9 ' "$WORK/a/events" | tail -1)
check "PWM off: D9 ends low" test "$last_d9" = 0
settled=$(grep -c '^pin D9 ' "$WORK/a/events")
sleep 0.1
check "PWM off: no more D9 edges" test "$(grep -c '^pin D9 ' "$WORK/a/events")" -eq "$settled"

# --- time pacing ------------------------------------------------------------------
first=$(ask "$PORT_A" '#m' '^m [0-9]+')
sleep 1
second=$(ask "$PORT_A" '#m' '^m [0-9]+')
elapsed=$((${second#m } - ${first#m }))
check "board time keeps pace with wall time while idle (1 s -> $elapsed ms)" \
  test "$elapsed" -ge 950 -a "$elapsed" -le 1150
start=$(now_ms)
ask "$PORT_A" '#b 500' '^b [0-9]+' >/dev/null
busy=$(($(now_ms) - start))
check "a busy 500 ms loop takes 500 ms of wall time ($busy ms)" \
  test "$busy" -ge 480 -a "$busy" -le 800

# --- EEPROM, reset command -----------------------------------------------------------
check "EEPROM write" test "$(ask "$PORT_A" '#w kocode-42' '^w ')" = "w ok"
drain "$PORT_A"
control a "reset"
check "reset command: banner again" read_until "$PORT_A" '^hello$'
check "reset command reported" wait_for_line "$WORK/a/events" 'cause command$' 2
check "EEPROM survives a reset" test "$(ask "$PORT_A" '#r' '^r ')" = "r kocode-42"
control a "digital D3 0"
control a "reset"
read_until "$PORT_A" '^hello$' >/dev/null
check "D3 still driven low after a reset" test "$(ask "$PORT_A" '#d' '^d ')" = "d 1 0"
control a "digital D3 release"

# --- reopen ------------------------------------------------------------------------
exec {PORT_A}<&-
sleep 0.1
open_port a PORT_A
check "reopening the port resets the board again" read_until "$PORT_A" '^hello$'
opens=$(grep -c 'cause open$' "$WORK/a/events")
check "each open is a reset ($opens so far)" test "$opens" -ge 2

# --- firmware that stops: rebuilt on reset -------------------------------------------
printf '#x\n' >&"$PORT_A"
check "SLEEP with interrupts off: stopped event" \
  wait_for_line "$WORK/a/events" '^stopped at [0-9]+ us [0-9]+$' 3
control a "reset"
check "a reset brings a stopped board back" read_until "$PORT_A" '^hello$'
check "... with its EEPROM" test "$(ask "$PORT_A" '#r' '^r ')" = "r kocode-42"

# --- clean stop, EEPROM persists across runs ----------------------------------------
exec {PORT_A}<&-
stop_board a INT
check "SIGINT: exit status 0" test $? -eq 0
check "SIGINT: the link is gone" test ! -e "$LINK" -a ! -L "$LINK"
check "EEPROM file written (1,024 bytes)" test "$(stat -c %s "$EEPROM" 2>/dev/null)" = 1024
rm -rf "$WORK/a"
check "restart with the same EEPROM file" start_board a --eeprom "$EEPROM" --link "$LINK"
open_port a PORT_A
read_until "$PORT_A" '^hello$' >/dev/null
check "EEPROM read back after a restart" test "$(ask "$PORT_A" '#r' '^r ')" = "r kocode-42"
exec {PORT_A}<&-
stop_board a TERM
check "SIGTERM: exit status 0, link gone" test $? -eq 0 -a ! -L "$LINK"

# --- two boards at once --------------------------------------------------------------
start_board one --link "$WORK/ttyONE"
start_board two --link "$WORK/ttyTWO"
check "two boards get two ports" test -n "${BOARD_PORT[one]}" -a \
  "${BOARD_PORT[one]}" != "${BOARD_PORT[two]}"
check "two boards get two links" test "$(readlink "$WORK/ttyONE")" = "${BOARD_PORT[one]}" -a \
  "$(readlink "$WORK/ttyTWO")" = "${BOARD_PORT[two]}"
open_port one PORT_ONE
open_port two PORT_TWO
read_until "$PORT_ONE" '^hello$' >/dev/null
read_until "$PORT_TWO" '^hello$' >/dev/null
control one "analog A0 100"
control two "analog A0 900"
sleep 0.05
check "each board has its own sensors" test \
  "$(ask "$PORT_ONE" '#a' '^a0 ')/$(ask "$PORT_TWO" '#a' '^a0 ')" = "a0 100/a0 900"
echo_check "$PORT_ONE" 3000 par1 &
first_echo=$!
echo_check "$PORT_TWO" 3000 par2
second_status=$?
wait "$first_echo"
check "simultaneous echoes on both boards, no cross-talk" \
  test $? -eq 0 -a $second_status -eq 0
exec {PORT_ONE}<&- {PORT_TWO}<&-
stop_board one INT
stop_board two INT
check "both links removed" test ! -L "$WORK/ttyONE" -a ! -L "$WORK/ttyTWO"

# --- control socket and --fast ---------------------------------------------------------
if command -v socat >/dev/null; then
  SOCKET=$WORK/control.sock
  mkdir -p "$WORK/sock"
  "$VBOARD" --firmware "$FIRMWARE" --control "$SOCKET" --fast >"$WORK/sock/stdout" \
    2>"$WORK/sock/stderr" &
  socket_pid=$!
  wait_for_line "$WORK/sock/stdout" '^port ' 5
  answer=$(printf 'ping\n' | timeout 3 socat -t 1 - "UNIX-CONNECT:$SOCKET" | grep -m1 '^pong')
  check "--control socket answers ping" grep -Eq '^pong at [0-9]+ us [0-9]+$' <<<"$answer"
  SOCKET_PORT=$(sed -n '1s/^port //p' "$WORK/sock/stdout")
  stty -F "$SOCKET_PORT" raw 115200
  exec {PORT_S}<>"$SOCKET_PORT"
  read_until "$PORT_S" '^hello$' >/dev/null
  start=$(now_ms)
  ask "$PORT_S" '#b 2000' '^b [0-9]+' 10 >/dev/null
  busy=$(($(now_ms) - start))
  check "--fast runs ahead of wall time (2 s busy loop in $busy ms)" test "$busy" -lt 2000
  exec {PORT_S}<&-
  kill -INT "$socket_pid"
  wait "$socket_pid"
  check "--control socket removed on exit" test $? -eq 0 -a ! -e "$SOCKET"
else
  fail "socat is missing: control socket not tested"
fi

# --- --control-fd IN:OUT and --pins-log ------------------------------------------------
mkdir -p "$WORK/fd"
mkfifo "$WORK/fd/commands"
"$VBOARD" --firmware "$FIRMWARE" --control-fd 7:8 --pins-log 7<"$WORK/fd/commands" \
  8>"$WORK/fd/events" >"$WORK/fd/stdout" 2>"$WORK/fd/stderr" &
fd_pid=$!
exec {FD_COMMANDS}>"$WORK/fd/commands"
wait_for_line "$WORK/fd/events" '^ready$' 5
echo ping >&"$FD_COMMANDS"
check "--control-fd 7:8: commands in, events out" \
  wait_for_line "$WORK/fd/events" '^pong at ' 3
check "--control-fd: stdout carries only the port line" \
  test "$(wc -l <"$WORK/fd/stdout")" -eq 1
check "--pins-log: pin changes on stderr" wait_for_line "$WORK/fd/stderr" ' D13 +0$' 3
echo quit >&"$FD_COMMANDS"
wait "$fd_pid"
check "quit command: exit status 0" test $? -eq 0
exec {FD_COMMANDS}>&-

# --- a bootloader: Optiboot, as on an Uno -------------------------------------------
# STK_GET_SYNC then CRC_EOP; Optiboot answers STK_INSYNC, STK_OK.
optiboot_sync() {
  printf '0 ' >&"$1"
  local answer
  IFS= read -r -N 2 -t 1 -u "$1" answer && test "$answer" = $'\x14\x10'
}

OPTIBOOT=$BUILD/optiboot_atmega328.hex
if make -s -C "$ROOT/VirtualBoard" optiboot 2>"$WORK/optiboot.err"; then
  check "--bootloader: start" start_board boot --bootloader "$OPTIBOOT"
  check "power-on reset: Optiboot starts the firmware at once" \
    grep -Eq '^pin D13 0 at [0-9]+ us [0-9]{1,4}$' "$WORK/boot/events"
  open_port boot PORT_BOOT
  check "after the open (EXTRF) Optiboot answers STK_GET_SYNC" optiboot_sync "$PORT_BOOT"
  start=$(now_ms)
  check "Optiboot gives up after its watchdog timeout, the firmware starts" \
    read_until "$PORT_BOOT" '^hello$' 4
  waited=$(($(now_ms) - start))
  check "... about a second later ($waited ms)" test "$waited" -ge 700 -a "$waited" -le 2000
  exec {PORT_BOOT}<&-
  if command -v avrdude >/dev/null; then
    sleep 0.1
    avrdude -c arduino -p m328p -P "${BOARD_PORT[boot]}" -b 115200 -D \
      -U "flash:w:$FIRMWARE:e" >"$WORK/avrdude.log" 2>&1
    check "avrdude writes and verifies a firmware through Optiboot" \
      grep -q 'bytes of flash verified' "$WORK/avrdude.log"
  else
    fail "avrdude is missing: uploads through Optiboot not tested"
  fi
  stop_board boot INT
  DEBIAN_OPTIBOOT=/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot
  "$VBOARD" --firmware "$FIRMWARE" --bootloader "$DEBIAN_OPTIBOOT/optiboot_atmega328.hex" \
    </dev/null >/dev/null 2>"$WORK/bigboot.err"
  check "a bootloader past the end of the flash: exit 65" test $? -eq 65
else
  fail "Optiboot does not build (arduino-core-avr missing?): $(head -1 "$WORK/optiboot.err")"
fi

# --- bad firmware ----------------------------------------------------------------------
"$VBOARD" --firmware "$WORK/missing.elf" </dev/null >/dev/null 2>"$WORK/missing.err"
status=$?
check "missing ELF: exit 66 and a message ($status)" \
  test $status -eq 66 -a -s "$WORK/missing.err"
"$VBOARD" --firmware /bin/sh </dev/null >/dev/null 2>"$WORK/notavr.err"
status=$?
check "non-AVR ELF: exit 65 and a message ($status)" \
  test $status -eq 65 -a -n "$(grep 'not an AVR' "$WORK/notavr.err")"
printf 'not an elf' >"$WORK/text.elf"
"$VBOARD" --firmware "$WORK/text.elf" </dev/null >/dev/null 2>"$WORK/text.err"
check "not an ELF: exit 65" test $? -eq 65

echo "$passed passed, $failed failed"
((failed == 0))
