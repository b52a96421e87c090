#!/usr/bin/env bash
# Runs tests/e2e (node:test + playwright-core, Debian's Chromium) against
# the release build in dist/, which the tests serve on 127.0.0.1 on a free
# port. `make web` builds dist/; scripts/web-tools.sh --test installs what
# the tests need.
#
#   bash scripts/web-e2e.sh [TEST_FILE...]     e.g. tests/e2e/privacy.test.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dist/index.html ]; then
  echo "web-e2e: no release build in dist/ (run make web)" >&2
  exit 1
fi
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd tests/e2e
if [ "${#files[@]}" -eq 0 ]; then
  files=(*.test.mjs)
fi
# A test file whose process would stay alive after its tests (an open
# socket, a browser that never closed) must not hold the run: node ends it
# when its tests are done (--test-force-exit), a test that hangs fails
# after 3 minutes, and the whole run is stopped after 20 (a run takes
# about one minute here).
DIST="$(realpath ../../dist)" exec timeout --kill-after=30s 20m \
  node --test --test-concurrency=1 --test-force-exit --test-timeout=180000 \
  --test-reporter=spec "${files[@]}"
