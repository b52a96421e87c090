#!/usr/bin/env bash
# Installs what the page's build needs, and with --test what its browser
# tests need, skipping every piece that is already there in the right
# version (a fresh CI machine has none of it; compiling Trunk and
# wasm-bindgen-cli takes 20-25 minutes on 2 cores, so never twice).
#
#   bash scripts/web-tools.sh          wasm target, Trunk, wasm-bindgen-cli, wasm-opt
#   bash scripts/web-tools.sh --test   also Chromium + chromedriver (Debian) and
#                                      tests/e2e's node_modules (playwright-core)
#
# Versions: ../shared/TOOLCHAIN.md. wasm-opt comes from npm's binaryen
# into target/web-tools (Debian's binaryen 108 breaks the page); callers
# put target/web-tools/node_modules/.bin first on PATH (the Makefile does).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
TOOLS_DIR=target/web-tools

want_test=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    *) echo "web-tools.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

say() { echo "web-tools: $*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

locked_bindgen=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ "$locked_bindgen" != "$WASM_BINDGEN_VERSION" ]; then
  echo "web-tools.sh: Cargo.lock has wasm-bindgen $locked_bindgen, this script installs $WASM_BINDGEN_VERSION; make them equal" >&2
  exit 1
fi

# Trunk's own release profile is fat LTO with one codegen unit, which
# doubles its compile time on 2 cores; it only copies and hashes files,
# so it is built without (same output: the page's build is byte-identical).
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (compiles for about 10 minutes)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# No --locked: the crates index mirror can lag a patch release of a
# locked dependency (TOOLCHAIN.md).
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
   [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (compiles for 8-13 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

wasm_opt="$TOOLS_DIR/node_modules/.bin/wasm-opt"
if ! "$wasm_opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen@$BINARYEN_VERSION (wasm-opt) into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION"
fi

# Trunk.toml has `offline = true`, so Trunk runs cargo --offline: every
# crate the wasm build needs must be downloaded first (a fresh clone has
# only what the host build fetched). Quick when they are.
cargo fetch --quiet

if $want_test; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends chromium chromium-driver
  fi
  # playwright-core drives the Debian Chromium; it downloads no browser.
  if ! node -e 'process.exit(require("./tests/e2e/node_modules/playwright-core/package.json").version === require("./tests/e2e/package-lock.json").packages["node_modules/playwright-core"].version ? 0 : 1)' 2>/dev/null; then
    say "npm ci in tests/e2e"
    (cd tests/e2e && npm ci --no-audit --no-fund)
  fi
fi
