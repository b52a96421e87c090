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
DIST="$(realpath ../../dist)" exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
