#!/usr/bin/env bash
# assoc walk's SQL against real Sequelize 6.37.8: for every fixture that
# Sequelize builds (tests/fixtures/**, "ok": true; models folders too), the
# statement each association getter of each seeded record sends
# (scripts/walk-sql.js, sequelize.query captured, nothing connects) must be
# exactly what `assoc walk` prints. Two rows a model keep it to seconds.
#
#   bash scripts/walk-sql.sh [FIXTURE...]
#
# ORACLE_DIR overrides where the oracle's sources are copied from (as in
# scripts/fixtures.sh); it runs from target/oracle with its own node_modules.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
oracle_src=${ORACLE_DIR:-$root/../shared/oracle}
oracle="$root/target/oracle"
CARGO=${CARGO:-cargo}

mkdir -p "$oracle"
for f in oracle.js package.json package-lock.json; do
  if [[ ! -f "$oracle_src/$f" ]]; then
    echo "walk-sql: $oracle_src/$f not found (set ORACLE_DIR to the oracle's folder)" >&2
    exit 2
  fi
  cmp -s "$oracle_src/$f" "$oracle/$f" || cp "$oracle_src/$f" "$oracle/$f"
done
if [[ ! -d "$oracle/node_modules/sequelize" ]]; then
  echo "walk-sql: installing the oracle's packages in target/oracle (npm ci)" >&2
  (cd "$oracle" && npm ci --silent --no-audit --no-fund)
fi

$CARGO build --quiet --bin assoc
start=$(date +%s%N)
status=0
ORACLE_DIR="$oracle" node scripts/walk-sql.js --check --assoc "$root/target/debug/assoc" --rows 2 "$@" || status=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "walk-sql: took ${elapsed} ms" >&2
exit $status
