# Kocode: build, run and test. Every target installs what it needs first.
SWIFT ?= swift
KOCODE := .build/debug/kocode
# Debian packages the build and the tests need beyond the Swift toolchain.
DEB_PACKAGES := libxml2 libcurl4
SAMPLE ?= Missions/water-when-dry/solution.json

.PHONY: deps build run test bench lint generate check-generated clean

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

# The main job: compile a mission's program and run it in the simulated greenhouse.
run: build
	$(KOCODE) check $(SAMPLE)
	$(KOCODE) build $(SAMPLE) -o .build/sample.kbc --listing
	$(KOCODE) run .build/sample.kbc --for 2m --set soil_moisture=25

test: deps
	$(SWIFT) build --product kocode-tablegen
	.build/debug/kocode-tablegen --check .
	$(SWIFT) test

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
