#!/usr/bin/env bash
# The exports checked with the real libraries (scripts/exports/check.mjs
# says what is checked): assoc dbml against @dbml/core's parser, assoc
# mermaid parsed and rendered by Mermaid in headless Chromium, assoc svg
# opened in Chromium, assoc png decoded there, for every valid fixture and
# the page's examples (svg and png: the realistic fixtures).
#
#   bash scripts/exports-check.sh       (make exports-check; part of make test)
#
# The npm packages (pinned in scripts/exports/package-lock.json: mermaid,
# @dbml/core, playwright-core) are installed with `npm ci` into
# target/exports-check, again only when the lock file changes. Chromium is
# Debian's, and so are the fonts assoc png draws text with (both installed
# with apt-get when missing); playwright-core downloads no browser.
set -euo pipefail

cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
dir=target/exports-check

mkdir -p "$dir"
if ! cmp -s scripts/exports/package-lock.json "$dir/package-lock.json" || [[ ! -d "$dir/node_modules/mermaid" ]]; then
  echo "exports-check: installing mermaid, @dbml/core and playwright-core in $dir (npm ci)" >&2
  cp scripts/exports/package.json scripts/exports/package-lock.json "$dir/"
  (cd "$dir" && npm ci --silent --no-audit --no-fund)
fi
if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "exports-check: installing Debian's chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends chromium
fi
# assoc png draws text with the system's fonts.
if ! find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null | grep -q .; then
  echo "exports-check: installing Debian's fonts-dejavu-core" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends fonts-dejavu-core
fi
$CARGO build --quiet --bin assoc
EXPORTS_MODULES="$dir/node_modules" node scripts/exports/check.mjs target/debug/assoc
