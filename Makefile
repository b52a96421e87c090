# Association Explorer: the commands anyone runs.
#
#   make test       fmt check, clippy -D warnings, every test, the wasm build
#                   of the engine, and the fixtures re-checked against the oracle
#   make fixtures   regenerate tests/fixtures/**/*.json with the real Sequelize
#   make bench      benchmarks (docs/BENCHMARKS.md)
#   make fuzz       coverage-guided fuzzing for FUZZ_SECONDS (docs/FUZZING.md)

SHELL := /bin/bash
CARGO ?= cargo
FUZZ_SECONDS ?= 600

.PHONY: test fmt-check clippy unit wasm-check fixtures fixtures-check bench fuzz

test: fmt-check clippy unit wasm-check fixtures-check

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

unit:
	$(CARGO) test --all-targets

# The engine must compile for the browser: pure Rust, no IO, no clock.
wasm-check:
	@rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	$(CARGO) build --lib --target wasm32-unknown-unknown

fixtures:
	bash scripts/fixtures.sh

# Proves the committed expected files are the oracle's own output.
fixtures-check:
	bash scripts/fixtures.sh --check

bench:
	bash scripts/bench.sh

fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)
