#!/usr/bin/env bash
# The page's initial payload: every .wasm, .js and .css file of the release
# build (dist/), compressed with gzip -9 as a server would send it. Prints
# each file and the total, and fails when the total is over the budget.
#
#   bash scripts/web-size.sh [DIST]        WEB_BUDGET_KB=350 by default (issue #3)
#
# The graph module (dist/graph/, loaded when the graph tab is first shown)
# has a budget of its own: WEB_GRAPH_BUDGET_KB, 100 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
budget_kb=${WEB_BUDGET_KB:-350}
graph_budget_kb=${WEB_GRAPH_BUDGET_KB:-100}

shopt -s nullglob
# Snippets (dist/snippets/**) are imported by the page's JavaScript at
# start: part of the first load. The graph module (dist/graph/) is not: it
# is loaded the first time the graph is shown, and reported on its own.
shopt -s globstar
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/snippets/**/*.js)
if [ ! -f "$dist/index.html" ] || [ "${#files[@]}" -eq 0 ]; then
  echo "web-size: no release build in $dist (run make web)" >&2
  exit 1
fi

total=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf 'web-size: %-48s %9d bytes, %8d gzip\n' "${f#"$dist"/}" "$raw" "$gz"
done
budget=$((budget_kb * 1024))
printf 'web-size: total %d bytes gzip = %.1f KB (budget %d KB)\n' "$total" "$(awk "BEGIN { print $total / 1024 }")" "$budget_kb"
if [ "$total" -gt "$budget" ]; then
  echo "web-size: over budget by $(( (total - budget + 1023) / 1024 )) KB" >&2
  exit 1
fi

graph=("$dist"/graph/**/*.wasm "$dist"/graph/**/*.js)
if [ "${#graph[@]}" -eq 0 ]; then
  echo "web-size: no graph module in $dist/graph (scripts/web-graph.sh)" >&2
  exit 1
fi
graph_total=0
for f in "${graph[@]}"; do
  gz=$(gzip -9 -c "$f" | wc -c)
  graph_total=$((graph_total + gz))
  printf 'web-size: %-48s %9d bytes, %8d gzip\n' "${f#"$dist"/}" "$(stat -c %s "$f")" "$gz"
done
printf 'web-size: graph module, loaded with the graph tab: %d bytes gzip = %.1f KB (budget %d KB)\n' \
  "$graph_total" "$(awk "BEGIN { print $graph_total / 1024 }")" "$graph_budget_kb"
if [ "$graph_total" -gt $((graph_budget_kb * 1024)) ]; then
  echo "web-size: the graph module is over its budget" >&2
  exit 1
fi
