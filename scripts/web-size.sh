#!/usr/bin/env bash
# The page's initial payload: every .wasm, .js and .css file of the release
# build (dist/), compressed with gzip -9 as a server would send it. Prints
# each file and the total, and fails when the total is over the budget.
#
#   bash scripts/web-size.sh [DIST]        WEB_BUDGET_KB=350 by default (issue #3)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
budget_kb=${WEB_BUDGET_KB:-350}

shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css)
if [ ! -f "$dist/index.html" ] || [ "${#files[@]}" -eq 0 ]; then
  echo "web-size: no release build in $dist (run make web)" >&2
  exit 1
fi

total=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf 'web-size: %-48s %9d bytes, %8d gzip\n' "$(basename "$f")" "$raw" "$gz"
done
budget=$((budget_kb * 1024))
printf 'web-size: total %d bytes gzip = %.1f KB (budget %d KB)\n' "$total" "$(awk "BEGIN { print $total / 1024 }")" "$budget_kb"
if [ "$total" -gt "$budget" ]; then
  echo "web-size: over budget by $(( (total - budget + 1023) / 1024 )) KB" >&2
  exit 1
fi
