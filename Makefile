# Kocode: build, run and test. Every target installs what it needs first.
SWIFT ?= swift
KOCODE := .build/debug/kocode
CLANG ?= $(dir $(shell readlink -f $$(command -v swift)))clang
# Debian packages the build and the tests need beyond the Swift toolchain:
# the SVG renderer the plot tests use, the AVR tool chain for the firmware,
# simavr for the virtual board, libserialport for real ports, avrdude and
# Optiboot's source to install the firmware (and socat for pty bridges).
DEB_PACKAGES := libxml2 libcurl4 librsvg2-bin gcc-avr avr-libc binutils-avr \
  simavr libsimavr-dev libelf-dev libserialport-dev avrdude socat arduino-core-avr
FUZZ_SECONDS ?= 600
MISSION ?= water-when-dry
SAMPLE ?= Missions/$(MISSION)/solution.json

.PHONY: deps build run test bench lint generate clean firmware vboard fuzz fuzz-short

deps:
	@missing=""; \
	for package in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product kocode

# The main job: a mission solved in the simulated greenhouse, with its plot.
run: build vboard
	$(KOCODE) missions
	$(KOCODE) mission show $(MISSION)
	$(KOCODE) check $(SAMPLE)
	$(KOCODE) build $(SAMPLE) -o .build/$(MISSION).kbc --listing
	$(KOCODE) mission check $(MISSION) $(SAMPLE) --plot .build/$(MISSION).svg \
	  --csv .build/$(MISSION).csv
	@echo "Plot: .build/$(MISSION).svg  Data: .build/$(MISSION).csv"
	@echo "== $(MISSION) on the virtual board: the real firmware in simavr, over the link," \
	  "its sensors fed by the simulated greenhouse (soil at 25 %) =="
	@runtime=$$(mktemp -d); export XDG_RUNTIME_DIR=$$runtime KOCODE_CACHE=$$runtime; \
	$(KOCODE) board sim --link $$runtime/board.tty --start-moisture 25 \
	  >$$runtime/sim.log 2>&1 & sim=$$!; \
	trap 'kill $$sim 2>/dev/null; wait $$sim 2>/dev/null; rm -rf $$runtime' EXIT; \
	for i in $$(seq 1 600); do [ -e $$runtime/board.tty ] && break; sleep 0.1; done; \
	cat $$runtime/sim.log; \
	$(KOCODE) flash $(SAMPLE) --port $$runtime/board.tty && \
	$(KOCODE) watch --port $$runtime/board.tty --for 5s

# Both firmwares, the virtual board, the generated files, every Swift test
# (differential, firmware-in-simulator and CLI included) and a short fuzz run.
# The Swift tests run last, so their summary closes the output.
test: deps vboard
	$(SWIFT) build --product kocode-tablegen
	.build/debug/kocode-tablegen --check .
	$(MAKE) fuzz-short
	$(MAKE) -C VirtualBoard test
	$(SWIFT) test

vboard: deps
	$(MAKE) -C VirtualBoard

# Both boards' firmware, with their sizes against the budgets.
firmware: build
	$(KOCODE) firmware build --board greenhouse-uno
	$(KOCODE) firmware build --board greenhouse-mega

# The C VM's verifier and interpreter under libFuzzer, ASan and UBSan;
# kc_fuzz_no_copy reads the code through read_code only, as on a board
# whose program does not fit in RAM beside its stacks (KC_CODE_COPY=0).
FUZZ_SOURCES := $(wildcard Sources/CKocodeVM/*.c) Sources/CKocodeVM/fuzz/kc_fuzz.c
FUZZ_HEADERS := $(wildcard Sources/CKocodeVM/*.h Sources/CKocodeVM/include/*.h)
FUZZ_BUILD = mkdir -p .build/fuzz && $(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I Sources/CKocodeVM/include $(FUZZ_SOURCES) -o $@

.build/fuzz/kc_fuzz: $(FUZZ_SOURCES) $(FUZZ_HEADERS)
	$(FUZZ_BUILD)

.build/fuzz/kc_fuzz_no_copy: $(FUZZ_SOURCES) $(FUZZ_HEADERS)
	$(FUZZ_BUILD) -DKC_CODE_COPY=0

fuzz-short: deps .build/fuzz/kc_fuzz .build/fuzz/kc_fuzz_no_copy
	mkdir -p .build/fuzz/corpus
	.build/fuzz/kc_fuzz -max_total_time=60 -seed=1 .build/fuzz/corpus
	.build/fuzz/kc_fuzz_no_copy -max_total_time=20 -seed=2 .build/fuzz/corpus

fuzz: deps .build/fuzz/kc_fuzz
	mkdir -p .build/fuzz/corpus
	.build/fuzz/kc_fuzz -max_total_time=$(FUZZ_SECONDS) .build/fuzz/corpus

bench: deps
	$(SWIFT) build -c release --product kocode-bench
	.build/release/kocode-bench

# The C formatter is only needed to lint, so only `make lint` installs it.
lint: deps
	@command -v clang-format >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-format)
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	git ls-files '*.c' '*.h' | xargs -r clang-format --dry-run --Werror

generate: deps
	$(SWIFT) build --product kocode-tablegen
	.build/debug/kocode-tablegen .

clean:
	rm -rf .build
