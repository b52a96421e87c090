#!/usr/bin/env bash
# The DDL export in a real SQLite: `assoc sql --dialect sqlite` for every
# realistic schema (tests/fixtures/realistic/*.js and the sequelize-cli
# models folders under tests/fixtures/cli/) must load into an in-memory
# database with foreign keys on, without an error, `PRAGMA
# foreign_key_check` must find nothing (it also fails on a key whose parent
# column is not unique: "foreign key mismatch"), and every foreign key must
# name a table that exists. Then the rows `assoc seed --format sql
# --dialect sqlite` makes for it must load on top, with the same checks.
#
#   bash scripts/sql-sqlite.sh          (make sql-sqlite; part of make test)
#
# Needs the sqlite3 command line (Debian's `sqlite3`, installed with apt-get
# when missing).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
CARGO=${CARGO:-cargo}

if ! command -v sqlite3 >/dev/null; then
  echo "sql-sqlite: installing Debian's sqlite3" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends sqlite3
fi
$CARGO build --quiet --bin assoc
assoc="$root/target/debug/assoc"

checks=$(cat <<'SQL'
PRAGMA foreign_key_check;
SELECT 'foreign key to a missing table: ' || m.name || '.' || p."from" || ' -> ' || p."table"
  FROM sqlite_master m, pragma_foreign_key_list(m.name) p
 WHERE m.type = 'table'
   AND NOT EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = p."table");
SELECT 'tables: ' || count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';
SQL
)

notes=$(mktemp)
trap 'rm -f "$notes"' EXIT
loaded=0 seeded=0 status=0
cases=(tests/fixtures/realistic/*.js)
for d in tests/fixtures/cli/*/; do
  [[ -f "${d%/}.json" ]] && grep -q '^  "ok": true' "${d%/}.json" && cases+=("${d%/}")
done
for case_path in "${cases[@]}"; do
  if [[ -d "$case_path" ]]; then inputs=("$case_path"/*.js); else inputs=("$case_path"); fi
  if ! ddl=$("$assoc" sql --dialect sqlite "${inputs[@]}" 2>"$notes"); then
    echo "FAIL $case_path: assoc sql failed: $(cat "$notes")"
    status=1
    continue
  fi
  if ! seed=$("$assoc" seed --format sql --dialect sqlite "${inputs[@]}" 2>"$notes"); then
    echo "FAIL $case_path: assoc seed failed: $(cat "$notes")"
    status=1
    continue
  fi
  seeded=$((seeded + $(grep -o '), (' <<<"$seed" | wc -l) + $(grep -c '^INSERT' <<<"$seed" || true)))
  ddl+=$'\n'"$seed"
  creates=$(grep -c '^CREATE TABLE' <<<"$ddl" || true)
  if ! out=$(printf 'PRAGMA foreign_keys = ON;\n%s\n%s\n' "$ddl" "$checks" | sqlite3 -bail :memory: 2>&1); then
    echo "FAIL $case_path: SQLite refuses the DDL: $out"
    status=1
  elif [[ "$out" != "tables: $creates" ]]; then
    echo "FAIL $case_path: $out (expected only: tables: $creates)"
    status=1
  else
    loaded=$((loaded + 1))
  fi
done
echo "sql-sqlite: ${loaded} of ${#cases[@]} realistic schemas load into SQLite $(sqlite3 --version | cut -d' ' -f1) with foreign keys on, with ${seeded} seeded rows" >&2
exit $status
