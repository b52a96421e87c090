# Association Explorer: the commands anyone runs.
#
#   make serve      the page at http://127.0.0.1:8080 (installs what is missing)
#   make test       fmt check, clippy -D warnings, every test, the wasm build
#                   of the engine, the fixtures re-checked against the oracle,
#                   every getter's SQL against real Sequelize's (walk-sql),
#                   the SQL export loaded into real databases (sql-postgres,
#                   sql-sqlite), and the page: its size budget and its tests
#                   in headless Chromium (web-test)
#   make web        the page's release build, into dist/
#   make web-figures  the page's size and speed in headless Chromium (docs/WEB.md)
#   make graph-screenshots  the graph tab's first views, to look at (docs/WEB.md)
#   make data-figures the data tab's generation and walking speed (docs/WEB.md)
#   make web-size   the page's gzip payload against its budget (fails above it;
#                   part of make test)
#   make fixtures   regenerate tests/fixtures/**/*.json (and *.ddl.sql, what its
#                   sync() issues) with the real Sequelize
#   make sql-postgres  assoc sql against Sequelize's own DDL in a throwaway
#                   PostgreSQL: same catalogue for every fixture (installs
#                   Debian's postgresql if missing)
#   make walk-sql   assoc walk's SQL against real Sequelize's: every getter of
#                   every seeded record of every fixture it builds (part of
#                   make test; scripts/walk-sql.sh)
#   make walk-postgres  assoc walk's records and assoc eager's JSON against real
#                   Sequelize connected to a throwaway PostgreSQL holding the
#                   seeded rows (realistic fixtures and cli folders; part of
#                   make test, after sql-postgres has installed PostgreSQL)
#   make sql-sqlite assoc sql --dialect sqlite for the realistic fixtures loads
#                   into SQLite with foreign keys on, and assoc seed's
#                   INSERTs on top (no error, empty foreign_key_check)
#   make exports-check  the exports with the real libraries: assoc dbml parsed by
#                   @dbml/core, assoc mermaid parsed and rendered by Mermaid in
#                   headless Chromium, assoc svg and png opened there (part of
#                   make test)
#   make bench      benchmarks (docs/BENCHMARKS.md)
#   make bench-layout-web  the graph layout's benchmark in headless Chromium
#   make fuzz       coverage-guided fuzzing for FUZZ_SECONDS (docs/FUZZING.md)

SHELL := /bin/bash
CARGO ?= cargo
FUZZ_SECONDS ?= 600

.PHONY: test fmt-check clippy unit wasm-check fixtures fixtures-check walk-sql walk-postgres sql-postgres sql-sqlite exports-check bench fuzz \
	serve web web-tools web-test-tools web-test web-component-test web-e2e web-size web-figures graph-screenshots data-figures \
	bench-layout-web

test: fmt-check clippy unit wasm-check fixtures-check walk-sql sql-postgres walk-postgres sql-sqlite exports-check web-test

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

# The SQL of every association getter (assoc walk) is Sequelize's own: the
# statements real Sequelize 6.37.8 sends for each getter of each seeded
# record, captured without a database, compared one by one.
walk-sql:
	CARGO="$(CARGO)" bash scripts/walk-sql.sh

# The walk's records and eager loading's JSON against Sequelize connected to
# PostgreSQL: Sequelize's DDL and assoc seed's rows loaded, every getter of
# every record and every model's findAll({ include }) compared. Rows from a
# join come in the plan's order (no ORDER BY): differences only in order are
# counted apart and allowed.
walk-postgres:
	CARGO="$(CARGO)" bash scripts/walk-postgres.sh

# The DDL export in real databases (scripts/sql-postgres.sh, sql-sqlite.sh):
# a throwaway PostgreSQL server (run as an unprivileged user, on a unix
# socket in a temporary folder) loads Sequelize's DDL (the fixtures'
# *.ddl.sql) and assoc sql's for every fixture and compares the catalogues;
# where PostgreSQL refuses Sequelize's DDL, assoc check must warn.
sql-postgres:
	CARGO="$(CARGO)" bash scripts/sql-postgres.sh

sql-sqlite:
	CARGO="$(CARGO)" bash scripts/sql-sqlite.sh

# The exports in the real libraries (scripts/exports-check.sh): npm's
# mermaid and @dbml/core (pinned in scripts/exports/, installed under
# target/exports-check), Mermaid and the SVG in Debian's headless Chromium.
exports-check:
	CARGO="$(CARGO)" bash scripts/exports-check.sh

bench:
	bash scripts/bench.sh

fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# --- The page (docs/WEB.md) ---------------------------------------------
#
# scripts/web-tools.sh installs, only where missing or of another version,
# the wasm target, Trunk, wasm-bindgen-cli and wasm-opt (npm's binaryen,
# under target/web-tools, first on PATH: Debian's breaks the page); with
# --test also Debian's Chromium + chromedriver and tests/e2e's npm packages.

# The initial payload's budget, in KB (1,024 bytes) of gzip: issue #3.
WEB_BUDGET_KB ?= 350
CHROMEDRIVER ?= /usr/bin/chromedriver
WEB_PATH := $(CURDIR)/target/web-tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

web-tools:
	bash scripts/web-tools.sh

web-test-tools:
	bash scripts/web-tools.sh --test

serve: web-tools
	PATH="$(WEB_PATH)" trunk serve --release

web: web-tools
	PATH="$(WEB_PATH)" trunk build --release

# The release build and its size against the budget (a byte count, not a
# timing: the same build gives the same figure), then component tests and
# end-to-end tests.
web-test: web web-size web-component-test web-e2e

# tests/web.rs: the app mounted in headless Chromium by wasm-bindgen-test.
# The build is cargo's own; the run (chromedriver, a browser) is bounded so
# that a browser which never answers fails the check instead of holding it.
web-component-test: web-test-tools
	PATH="$(WEB_PATH)" $(CARGO) test --target wasm32-unknown-unknown --test web --no-run
	PATH="$(WEB_PATH)" CHROMEDRIVER=$(CHROMEDRIVER) timeout --kill-after=30s 15m \
		$(CARGO) test --target wasm32-unknown-unknown --test web

# tests/e2e: Playwright (playwright-core) against dist/ served on 127.0.0.1.
web-e2e: web-test-tools
	bash scripts/web-e2e.sh

web-size:
	WEB_BUDGET_KB=$(WEB_BUDGET_KB) bash scripts/web-size.sh

web-figures: web web-test-tools
	PATH="$(WEB_PATH)" node scripts/web-figures.mjs

# The graph tab's first view of every example and of 100 models, to look at
# (target/screenshots/graph-*.png) with its zoom and smallest name on screen.
graph-screenshots: web web-test-tools
	PATH="$(WEB_PATH)" node scripts/graph-screenshots.mjs

# The data tab's figures: rows generated per second, one walking step at
# 100,000 rows (docs/WEB.md).
data-figures: web web-test-tools
	PATH="$(WEB_PATH)" node scripts/data-figures.mjs

# The layout's timing in the browser (tests/layout_wasm.rs, release build).
bench-layout-web: web-test-tools
	PATH="$(WEB_PATH)" CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_TEST_TIMEOUT=600 \
		$(CARGO) test --release --target wasm32-unknown-unknown --test layout_wasm -- --nocapture
