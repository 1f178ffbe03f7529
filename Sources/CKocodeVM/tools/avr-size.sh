#!/bin/sh
# Compiles the C VM for the ATmega328P (greenhouse-uno capacity), warnings
# as errors, and prints avr-size for each object and for the linked
# harness (tools/kc_avr_harness.c: the VM, the verifier, EEPROM hooks).
# Also checks the host build with -Wall -Wextra -Wpedantic -std=c99.
# Usage: Sources/CKocodeVM/tools/avr-size.sh [output folder]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${TMPDIR:-/tmp}/kc-avr}
mkdir -p "$out"
cc=${AVR_GCC:-avr-gcc}
flags="-mmcu=atmega328p -Os -std=c99 -Wall -Wextra -Wpedantic -Werror"
flags="$flags -ffunction-sections -fdata-sections -I $here/include"
objects=""
for source in "$here"/*.c "$here"/tools/kc_avr_harness.c; do
  object="$out/$(basename "$source" .c).o"
  $cc $flags -c "$source" -o "$object"
  objects="$objects $object"
done
$cc -mmcu=atmega328p -Os -Wl,--gc-sections $objects -o "$out/kc_avr_harness.elf"
echo "== objects (text: flash; data + bss: static RAM)"
avr-size $objects
echo "== linked harness"
avr-size "$out/kc_avr_harness.elf"
# sizeof on the AVR: a probe object holding one of each, measured by avr-size.
for type in kc_vm kc_task kc_board kc_platform; do
  printf '#include "kc_vm_state.h"\nstruct %s kc_probe;\n' "$type" |
    $cc $flags -fno-common -I "$here" -x c -c - -o "$out/probe-$type.o"
  size=$(avr-size "$out/probe-$type.o" | awk 'NR == 2 { print $3 }')
  echo "sizeof(struct $type) on the AVR: $size bytes"
done
host=${HOST_CC:-clang}
for source in "$here"/*.c; do
  $host -std=c99 -Wall -Wextra -Wpedantic -Werror -I "$here/include" -c "$source" \
    -o "$out/host-$(basename "$source" .c).o"
done
echo "== host build: no warnings with $host -Wall -Wextra -Wpedantic -std=c99"
