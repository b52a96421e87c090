#!/usr/bin/env bash
# The page's initial payload: every .wasm, .js and .css file of the release
# build (dist/), compressed with gzip -9 as a server would send it. Prints
# each file and the total, and fails when the total is over the budget.
#
#   bash scripts/web-size.sh [DIST]        WEB_BUDGET_KB=350 by default (issue #3)
#
# The graph module (dist/graph/, loaded when the graph tab is first shown)
# and the data module (dist/data/, with the data tab) have budgets of
# their own: WEB_GRAPH_BUDGET_KB, 100 by default, and WEB_DATA_BUDGET_KB,
# 400 by default (it carries the engine again, with the DDL details). So
# has the share module (dist/share/: the link and the toolbar), loaded as
# soon as the page has started: WEB_SHARE_BUDGET_KB, 100 by default, and
# the tools module (dist/tools/: the workshop, the exports), loaded the first time the
# page opens it: WEB_TOOLS_BUDGET_KB, 400 by default (the engine with the
# DDL details, the graph's layout and drawing).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
budget_kb=${WEB_BUDGET_KB:-350}
graph_budget_kb=${WEB_GRAPH_BUDGET_KB:-100}
data_budget_kb=${WEB_DATA_BUDGET_KB:-400}
share_budget_kb=${WEB_SHARE_BUDGET_KB:-100}
tools_budget_kb=${WEB_TOOLS_BUDGET_KB:-400}

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

# A lazily loaded module: its files, total and budget.
module_size() {
  local name=$1 budget_kb=$2 when=$3
  local files=("$dist/$name"/**/*.wasm "$dist/$name"/**/*.js)
  if [ "${#files[@]}" -eq 0 ]; then
    echo "web-size: no $name module in $dist/$name (scripts/web-modules.sh)" >&2
    exit 1
  fi
  local sum=0 f gz
  for f in "${files[@]}"; do
    gz=$(gzip -9 -c "$f" | wc -c)
    sum=$((sum + gz))
    printf 'web-size: %-48s %9d bytes, %8d gzip\n' "${f#"$dist"/}" "$(stat -c %s "$f")" "$gz"
  done
  printf 'web-size: %s module, loaded %s: %d bytes gzip = %.1f KB (budget %d KB)\n' \
    "$name" "$when" "$sum" "$(awk "BEGIN { print $sum / 1024 }")" "$budget_kb"
  if [ "$sum" -gt $((budget_kb * 1024)) ]; then
    echo "web-size: the $name module is over its budget" >&2
    exit 1
  fi
}
module_size graph "$graph_budget_kb" "with the graph tab"
module_size data "$data_budget_kb" "with the data tab"
module_size share "$share_budget_kb" "as the page starts, after its first load"
module_size tools "$tools_budget_kb" "with the workshop or the exports"
