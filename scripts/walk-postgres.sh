#!/usr/bin/env bash
# The walk and eager loading against real Sequelize connected to a real
# PostgreSQL: for each fixture (the realistic ones and the sequelize-cli
# folders by default, or those given), a fresh database gets Sequelize's own
# DDL (<case>.ddl.sql) and assoc seed's INSERTs, then scripts/walk-postgres.js
# compares every getter's records with assoc walk's "related" and every
# model's findAll({ include: every association }) with assoc eager's JSON.
#
#   bash scripts/walk-postgres.sh [FIXTURE...]     (make walk-postgres)
#
# The server is started by scripts/lib/postgres.sh, as for
# scripts/sql-postgres.sh (PG_BIN, else Debian's newest; an unprivileged
# user, a unix socket in a temporary folder), in UTC, and removed at exit.
# ROWS (default 4) rows a model.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
fixtures="$root/tests/fixtures"
CARGO=${CARGO:-cargo}
ROWS=${ROWS:-4}
say() { echo "walk-postgres: $*" >&2; }

source scripts/lib/postgres.sh
bin=$(find_bin || true)
if [[ -z "$bin" ]]; then
  say "no PostgreSQL (set PG_BIN, or run make sql-postgres once to install Debian's)"
  exit 2
fi
start_postgres -c timezone=UTC

$CARGO build --quiet --bin assoc
assoc="$root/target/debug/assoc"
export ORACLE_DIR=${ORACLE_DIR:-$root/target/oracle}

if [[ $# -gt 0 ]]; then
  cases=("$@")
else
  cases=("$fixtures"/realistic/*.js)
  for d in "$fixtures"/cli/*/; do cases+=("${d%/}"); done
fi

n=0 unloadable=0 failing=0 steps=0 walk_differ=0 walk_order=0 eager=0 eager_differ=0 eager_order=0 eager_known=0 skipped=0
for fixture in "${cases[@]}"; do
  fixture=$(cd "$(dirname "$fixture")" && pwd)/$(basename "$fixture")
  ddl="${fixture%.js}.ddl.sql"
  if [[ ! -f "$ddl" ]]; then skipped=$((skipped + 1)); continue; fi
  if [[ -d "$fixture" ]]; then inputs=("$fixture"/*.js); else inputs=("$fixture"); fi
  n=$((n + 1))
  db="w$n"
  "${psql[@]}" -c "CREATE DATABASE $db"
  schemas=$(grep -o 'CREATE TABLE IF NOT EXISTS "[^"]*"\.' "$ddl" \
    | sed 's/CREATE TABLE IF NOT EXISTS \(.*\)\./CREATE SCHEMA IF NOT EXISTS \1;/' | sort -u || true)
  if ! { echo "SET client_min_messages = warning;"; echo "$schemas"; cat "$ddl"
         "$assoc" seed --format sql --dialect postgres --rows "$ROWS" "${inputs[@]}" 2>/dev/null; } \
       | "${psql[@]}" -d "$db" -f - >"$tmp/load.log" 2>&1; then
    # PostgreSQL refuses Sequelize's own DDL (assoc check warns): nothing
    # to walk.
    say "${fixture#"$fixtures"/}: the DDL or the seeded rows did not load: $(head -3 "$tmp/load.log")"
    unloadable=$((unloadable + 1))
    continue
  fi
  report=$(node scripts/walk-postgres.js "$fixture" "$db" "$tmp/socket" "$assoc" "$ROWS")
  read -r f s wd wo e ed eo ek < <(node -e '
    const r = JSON.parse(process.argv[1]);
    for (const p of r.problems) console.error(`walk-postgres: ${r.fixture.split("tests/fixtures/")[1]}: ${p}`);
    console.log([r.failing, r.steps, r.walkDiffer, r.walkOrder, r.eager, r.eagerDiffer, r.eagerOrder, r.eagerKnown].join(" "));' "$report")
  failing=$((failing + f)) steps=$((steps + s)) walk_differ=$((walk_differ + wd)) walk_order=$((walk_order + wo))
  eager=$((eager + e)) eager_differ=$((eager_differ + ed)) eager_order=$((eager_order + eo))
  eager_known=$((eager_known + ek))
done
say "$n fixtures, $ROWS rows a model: $steps getters against PostgreSQL, $walk_differ with other records" \
  "($walk_order in another order); $eager findAll with include, $eager_differ differing" \
  "($eager_order only in order, $eager_known known); $skipped without DDL, $unloadable whose DDL PostgreSQL refuses," \
  "$failing where Sequelize's own query fails"
[[ $walk_differ == 0 && $eager_differ == 0 ]]
