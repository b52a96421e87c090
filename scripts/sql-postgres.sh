#!/usr/bin/env bash
# The DDL export in a real PostgreSQL: for every fixture with an expected
# `<case>.ddl.sql` (what Sequelize's own sync() issues, from ddl.js), load
# that file and `assoc sql --dialect postgres`'s output into the same
# throwaway server, each in a transaction that is rolled back, and compare
# the catalogues: tables, columns (position, type, NOT NULL, default),
# primary, unique and foreign keys (with their ON DELETE / ON UPDATE rules)
# as pg_get_constraintdef prints them, and enum types with their labels.
# Where PostgreSQL rejects Sequelize's own DDL, it must reject `assoc sql`'s
# too, and `assoc check` must warn that it does.
#
# Then, for every fixture compared, the rows `assoc seed --format sql
# --dialect postgres` makes (seed 2 with 12 rows a model, rolled back, and
# seed 1 with 5) must load into the tables Sequelize's DDL built, and with
# seed 1's rows each table's first DESTROYS (3) records are
# deleted in turn, each inside a subtransaction that is rolled back: the
# rows removed and the cells changed (found against a snapshot of every
# table), or PostgreSQL's error and DETAIL where it refuses, must be what
# `assoc destroy --sample` predicts. Where the DDL has a cycle, its
# foreign keys are never created (see src/sql/mod.rs): no deletes there.
#
#   bash scripts/sql-postgres.sh        (make sql-postgres; part of make test)
#
# PostgreSQL comes from PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin;
# Debian's `postgresql` is installed with apt-get when there is none. The
# server (scripts/lib/postgres.sh) runs as an unprivileged user (initdb
# refuses root) on a unix socket in a temporary folder, without fsync, and
# is stopped and removed at exit.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
fixtures="$root/tests/fixtures"
CARGO=${CARGO:-cargo}
started=$(date +%s%N)

say() { echo "sql-postgres: $*" >&2; }

# ---- PostgreSQL ---------------------------------------------------------------
source scripts/lib/postgres.sh
bin=$(find_bin || true)
if [[ -z "$bin" ]]; then
  say "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends postgresql
  bin=$(find_bin)
fi
start_postgres

# ---- the engine -------------------------------------------------------------
$CARGO build --quiet --bin assoc
# ASSOC stands in for the binary (to see that a difference is caught).
assoc=${ASSOC:-$root/target/debug/assoc}

# ---- the catalogue ----------------------------------------------------------
# One sorted line per fact, outside the system schemas.
catalogue=$(cat <<'SQL'
SELECT line FROM (
  SELECT format('table %I.%I', n.nspname, c.relname) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT format('column %I.%I #%s %I %s%s%s', n.nspname, c.relname, a.attnum, a.attname,
                format_type(a.atttypid, a.atttypmod),
                CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''))
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT format('constraint %s %I %s', r.conrelid::regclass, r.conname, pg_get_constraintdef(r.oid))
    FROM pg_constraint r JOIN pg_namespace n ON n.oid = r.connamespace
   WHERE r.contype IN ('p', 'u', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT format('enum %I.%I (%s)', n.nspname, t.typname,
                (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                   FROM pg_enum e WHERE e.enumtypid = t.oid))
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'e'
) facts ORDER BY line;
SQL
)

# Loads one DDL file in a transaction of database $db, prints the
# catalogue, rolls back. sync() does not create schemas (createSchema does):
# those the reference names are created first, on both sides.
load() {
  local ddl=$1 schemas=$2
  # A cycle's second CREATE TABLE IF NOT EXISTS only says NOTICE: quiet.
  { echo "SET client_min_messages = warning;"; echo "BEGIN;"; echo "$schemas"; cat "$ddl"
    echo "$catalogue"; echo "ROLLBACK;"; } \
    | "${psql[@]}" -d "$db" -f - 2>&1
}

# The deletes, after the seeded rows: every table gets a `__row` column
# numbering its rows in insertion order (rewriting a table keeps the order
# a scan meets them in) and a snapshot; `assoc_destroy` deletes one row in
# a subtransaction and prints, as `assoc destroy --sample` does, the rows
# gone and the cells changed, or the error and its DETAIL (without the
# `__row` value a "Failing row contains" would end with).
destroys=$(cat <<'SQL'
CREATE FUNCTION pg_temp.assoc_tables() RETURNS TABLE (rel regclass, label text)
LANGUAGE sql AS $$
  SELECT c.oid::regclass,
         CASE WHEN n.nspname = 'public' THEN c.relname::text ELSE n.nspname || '.' || c.relname END
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
   ORDER BY c.oid
$$;
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT * FROM pg_temp.assoc_tables() LOOP
    EXECUTE format('ALTER TABLE %s ADD COLUMN "__row" serial', t.rel);
    EXECUTE format('CREATE TEMP TABLE %I AS SELECT * FROM %s', 'snap_' || t.rel::oid, t.rel);
  END LOOP;
END $$;
CREATE FUNCTION pg_temp.assoc_diff() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE t record;
BEGIN
  FOR t IN SELECT * FROM pg_temp.assoc_tables() LOOP
    RETURN QUERY EXECUTE format(
      'SELECT %L || s."__row" FROM pg_temp.%I s
        WHERE NOT EXISTS (SELECT FROM %s x WHERE x."__row" = s."__row")',
      E'removed\t' || t.label || E'\t', 'snap_' || t.rel::oid, t.rel);
    RETURN QUERY EXECUTE format(
      'SELECT %L || s."__row" || E''\t'' || k.key || E''\t''
              || coalesce(to_jsonb(x) -> k.key, ''null''::jsonb)::text
         FROM pg_temp.%I s JOIN %s x ON x."__row" = s."__row", jsonb_each(to_jsonb(s)) k
        WHERE to_jsonb(x) -> k.key IS DISTINCT FROM k.value',
      E'cleared\t' || t.label || E'\t', 'snap_' || t.rel::oid, t.rel);
  END LOOP;
END $$;
CREATE FUNCTION pg_temp.assoc_destroy(rel regclass, label text, k int) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE out text[]; n int; msg text; det text;
BEGIN
  BEGIN
    EXECUTE format('DELETE FROM %s WHERE "__row" = %s', rel, k);
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
      out := ARRAY(SELECT label || E'\t' || k || E'\t' || d FROM pg_temp.assoc_diff() d);
    END IF;
    RAISE SQLSTATE 'AZ999';
  EXCEPTION
    WHEN SQLSTATE 'AZ999' THEN NULL;
    WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
      out := ARRAY[label || E'\t' || k || E'\terror\t' || msg || E'\t'
                   || regexp_replace(coalesce(det, ''), ', \d+\)\.$', ').')];
  END;
  RETURN QUERY SELECT unnest(out);
END $$;
SQL
)
DESTROYS=${DESTROYS:-3}

# The seeded rows on top of Sequelize's DDL, then the deletes (not where a
# cycle left the tables without foreign keys). Prints `seeded N` (rows),
# `destroyed N`, `refused N`, `skipped …` or `FAIL …` lines.
seed_case() {
  local ref=$1 schemas=$2 rel=$3 seed more out loaded predicted actual cyclic=
  shift 3
  if ! seed=$("$assoc" seed --seed 1 --rows 5 --format sql --dialect postgres "$@" 2>"$work/seed.err") ||
     ! more=$("$assoc" seed --seed 2 --rows 12 --format sql --dialect postgres "$@" 2>"$work/seed.err"); then
    echo "FAIL $rel: assoc seed failed: $(cat "$work/seed.err")"
    return
  fi
  if grep -o 'CREATE TABLE IF NOT EXISTS [^(]*' "$ref" | sort | uniq -d | grep -q .; then
    cyclic=1
    echo "skipped deletes in $rel: a cycle, so Sequelize's DDL creates no foreign keys"
  fi
  # Not quiet: psql prints `INSERT 0 <rows>` for each statement.
  if ! out=$({ echo "SET client_min_messages = warning;"; echo "BEGIN;"; echo "$schemas"; cat "$ref"
              echo "SAVEPOINT more;"; echo "$more"; echo "ROLLBACK TO SAVEPOINT more;"
              echo "$seed"
              if [[ -z $cyclic ]]; then
                echo "$destroys"
                echo "SELECT pg_temp.assoc_destroy(t.rel, t.label, k)
                        FROM pg_temp.assoc_tables() t, generate_series(1, $DESTROYS) k;"
              fi
              echo "ROLLBACK;"; } | "$psql_bin" -X -At -v ON_ERROR_STOP=1 -h "$tmp/socket" -U postgres -d "$db" -f - 2>&1); then
    echo "FAIL $rel: the seeded rows do not load: $(grep -m2 'ERROR\|DETAIL' <<<"$out" | tr '\n' ' ')"
    return
  fi
  loaded=$(grep -o '^INSERT 0 [0-9]*$' <<<"$out" | awk '{n += $3} END {print n + 0}')
  echo "seeded $loaded"
  [[ -n $cyclic ]] && return
  actual=$(grep $'\t' <<<"$out" | sort || true)
  if ! predicted=$("$assoc" destroy --sample "$DESTROYS" --seed 1 --rows 5 "$@" 2>"$work/destroy.err"); then
    echo "FAIL $rel: assoc destroy failed: $(cat "$work/destroy.err")"
    return
  fi
  predicted=$(sort <<<"$predicted")
  echo "destroyed $(grep -v $'\terror\t' <<<"$actual" | cut -f1,2 | sort -u | grep -c . || true)"
  echo "refused $(grep -c $'\terror\t' <<<"$actual" || true)"
  if [[ "$actual" != "$predicted" ]]; then
    echo "FAIL $rel: the deletes differ from assoc destroy's"
    diff -u --label "postgres $rel" --label "assoc destroy" <(echo "$actual") <(echo "$predicted") | head -30 || true
  fi
}

# One fixture: prints `compared`, `rejected`, `warned` or `FAIL …` lines.
check_case() {
  local ref=$1 rel case_path ours="$work/ours.sql" schemas expected actual
  local inputs
  rel=${ref#"$fixtures"/}
  case_path=${ref%.ddl.sql}
  if [[ -d "$case_path" ]]; then inputs=("$case_path"/*.js); else inputs=("$case_path.js"); fi
  if ! "$assoc" sql --dialect postgres "${inputs[@]}" >"$ours" 2>"$work/ours.err"; then
    echo "FAIL $rel: assoc sql failed: $(cat "$work/ours.err")"
    return
  fi
  schemas=$(grep -o 'CREATE TABLE IF NOT EXISTS "[^"]*"\.' "$ref" \
    | sed 's/CREATE TABLE IF NOT EXISTS \(.*\)\./CREATE SCHEMA IF NOT EXISTS \1;/' | sort -u || true)
  if ! expected=$(load "$ref" "$schemas"); then
    # PostgreSQL rejects Sequelize's own DDL: the engine must say so.
    echo rejected
    if load "$ours" "$schemas" >/dev/null; then
      echo "FAIL $rel: PostgreSQL rejects Sequelize's DDL but accepts assoc sql's"
    fi
    if "$assoc" check "${inputs[@]}" 2>/dev/null | grep -q 'rejects'; then
      echo warned
    else
      echo "FAIL $rel: PostgreSQL rejects Sequelize's DDL and assoc check does not warn"
      echo "$expected" | grep -m1 ERROR | sed 's/^/  /'
    fi
    echo "skipped seeding $rel: PostgreSQL rejects Sequelize's DDL ($(echo "$expected" | grep -m1 -o 'ERROR: .*' | sed 's/ERROR: *//'))"
    return
  fi
  actual=$(load "$ours" "$schemas") || true
  echo compared
  if [[ "$expected" != *"table "* ]]; then
    echo "FAIL $rel: the reference built no table"
  fi
  if [[ "$actual" != "$expected" ]]; then
    echo "FAIL $rel: the catalogues differ"
    diff -u --label "sequelize $rel" --label "assoc sql" <(echo "$expected") <(echo "$actual") | head -30 || true
  fi
  seed_case "$ref" "$schemas" "$rel" "${inputs[@]}"
}

# Workers, each with a database of its own (two transactions creating the
# same table in one database would wait for each other), take every
# WORKERS-th fixture.
WORKERS=${WORKERS:-4}
mapfile -d '' refs < <(find "$fixtures" -name '*.ddl.sql' -print0 | sort -z)
for ((w = 0; w < WORKERS; w++)); do
  "${psql[@]}" -c "CREATE DATABASE w$w"
  (
    db=w$w work="$tmp/w$w"
    mkdir -p "$work"
    for ((i = w; i < ${#refs[@]}; i += WORKERS)); do check_case "${refs[i]}"; done >"$tmp/w$w.log"
  ) &
done
wait
cat "$tmp"/w*.log >"$tmp/all.log"
count() { grep -c "^$1\$" "$tmp/all.log" || true; }
compared=$(count compared) rejected=$(count rejected) warned=$(count warned)
differing=$(grep -c '^FAIL .*: the catalogues differ' "$tmp/all.log" || true)
sum() { awk -v k="$1" '$1 == k {n += $2; c++} END {print n + 0, c + 0}' "$tmp/all.log"; }
read -r rows seeded < <(sum seeded)
read -r destroyed _ < <(sum destroyed)
read -r refused _ < <(sum refused)
destroys_differing=$(grep -c '^FAIL .*: the deletes differ' "$tmp/all.log" || true)
status=0
grep '^skipped' "$tmp/all.log" | sort | sed 's/^/sql-postgres: /' >&2 || true
if grep -q '^FAIL' "$tmp/all.log"; then
  grep -v '^\(compared\|rejected\|warned\|seeded [0-9]*\|destroyed [0-9]*\|refused [0-9]*\|skipped .*\)$' "$tmp/all.log"
  status=1
fi
if [[ $seeded != "$compared" ]]; then
  say "seeded rows loaded for only $seeded of $compared fixtures compared"
  status=1
fi
if [[ $((compared + rejected)) != "${#refs[@]}" ]]; then
  say "only $((compared + rejected)) of ${#refs[@]} fixtures were checked"
  status=1
fi

elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
say "$compared fixtures compared in PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), $differing differing; \
$rejected rejected by PostgreSQL, $warned of them warned about by the engine; \
seeded rows of $seeded fixtures loaded ($rows rows, seeds 1 and 2); $destroyed deletes and $refused refusals compared \
with assoc destroy, $destroys_differing fixtures differing; ${elapsed} ms"
exit $status
