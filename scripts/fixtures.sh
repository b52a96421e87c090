#!/usr/bin/env bash
# Regenerates the expected JSON and DDL of every fixture under tests/fixtures
# with the real Sequelize (the oracle in ../shared/oracle), or checks that the
# committed files are exactly what the oracle prints.
#
#   bash scripts/fixtures.sh            rewrite tests/fixtures/**/*.json and
#                                       **/*.ddl.sql
#   bash scripts/fixtures.sh --check    regenerate into a temporary folder and
#                                       diff; exit 1 listing every difference
#
# A fixture is either a snippet `<group>/<case>.js` (expected `<case>.json`
# beside it, from oracle.js) or a sequelize-cli models folder `<group>/<case>/`
# of `.js` files (expected `<group>/<case>.json`, from scripts/oracle-multi.js).
# Where Sequelize does not throw, `<case>.ddl.sql` holds the statements its
# sync() issues (postgres), from ddl.js: for a folder, ddl.js reads the one
# snippet oracle-multi.js builds from it (ORACLE_MULTI_PRINT).
#
# ORACLE_DIR overrides where the oracle's sources are copied from. The oracle
# runs from target/oracle, which gets its own node_modules (`npm ci`), because
# ../shared is read-only in CI and may have none.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
fixtures="$root/tests/fixtures"
oracle_src=${ORACLE_DIR:-$root/../shared/oracle}
oracle="$root/target/oracle"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# ---- the oracle, copied into target/oracle --------------------------------
for f in oracle.js ddl.js package.json package-lock.json; do
  if [[ ! -f "$oracle_src/$f" ]]; then
    echo "fixtures: $oracle_src/$f not found (set ORACLE_DIR to the oracle's folder)" >&2
    exit 2
  fi
done
mkdir -p "$oracle"
lock_changed=0
cmp -s "$oracle_src/package-lock.json" "$oracle/package-lock.json" || lock_changed=1
for f in oracle.js ddl.js package.json package-lock.json; do
  cp "$oracle_src/$f" "$oracle/$f"
done
if [[ $lock_changed == 1 || ! -d "$oracle/node_modules/sequelize" ]]; then
  echo "fixtures: installing the oracle's packages in target/oracle (npm ci)" >&2
  (cd "$oracle" && npm ci --silent --no-audit --no-fund)
fi
version=$(node -p "require('$oracle/node_modules/sequelize/package.json').version")
if [[ $version != 6.37.8 ]]; then
  echo "fixtures: target/oracle has sequelize $version, expected 6.37.8" >&2
  exit 2
fi

# ---- the fixtures -----------------------------------------------------------
# tests/fixtures/<group>/<case>.js is a snippet; tests/fixtures/<group>/<case>/
# (a folder inside a group) is a models folder.
cases=()   # relative paths: group/case.js or group/case (a folder)
for group in "$fixtures"/*/; do
  group=${group%/}
  for entry in "$group"/*; do
    [[ -e "$entry" ]] || continue
    if [[ -d "$entry" || "$entry" == *.js ]]; then
      cases+=("${entry#"$fixtures"/}")
    fi
  done
done
if [[ ${#cases[@]} == 0 ]]; then
  echo "fixtures: no fixture under tests/fixtures" >&2
  exit 1
fi

if [[ $mode == check ]]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
else
  out=$fixtures
  # Written afresh: a case Sequelize now rejects must lose its DDL.
  find "$fixtures" -name '*.ddl.sql' -delete
fi

# One oracle run per fixture (a fresh Node process each, exactly as a person
# would run oracle.js by hand), several at a time.
generate() {
  local rel=$1 src="$fixtures/$1" dest
  dest="$out/${rel%.js}.json"
  mkdir -p "$(dirname "$dest")"
  if [[ -d "$src" ]]; then
    node "$root/scripts/oracle-multi.js" "$src" "$oracle" >"$dest.tmp" || { rm -f "$dest.tmp"; return 1; }
  else
    node "$oracle/oracle.js" "$src" >"$dest.tmp" || { rm -f "$dest.tmp"; return 1; }
  fi
  mv "$dest.tmp" "$dest"
  # The DDL where Sequelize builds the models (ddl.js fails where it throws,
  # and where no model is defined: then there is no .ddl.sql).
  grep -q '^  "ok": true' "$dest" || return 0
  local ddl="$out/${rel%.js}.ddl.sql"
  if [[ -d "$src" ]]; then
    ORACLE_MULTI_PRINT=1 node "$root/scripts/oracle-multi.js" "$src" "$oracle" \
      | node "$oracle/ddl.js" - >"$ddl.tmp" 2>/dev/null || { rm -f "$ddl.tmp"; return 0; }
  else
    node "$oracle/ddl.js" "$src" >"$ddl.tmp" 2>/dev/null || { rm -f "$ddl.tmp"; return 0; }
  fi
  mv "$ddl.tmp" "$ddl"
}
export -f generate
export fixtures out oracle root
jobs=$(nproc 2>/dev/null || echo 2)
if ! printf '%s\0' "${cases[@]}" | xargs -0 -n 1 -P "$jobs" bash -c 'generate "$1" || { echo "fixtures: the oracle failed on $1" >&2; exit 255; }' _; then
  echo "fixtures: generation failed" >&2
  exit 1
fi

if [[ $mode == write ]]; then
  echo "fixtures: wrote ${#cases[@]} expected files" >&2
  exit 0
fi

# ---- --check: committed files against the fresh ones -------------------------
status=0
for rel in "${cases[@]}"; do
  json="${rel%.js}.json"
  if [[ ! -f "$fixtures/$json" ]]; then
    echo "missing: tests/fixtures/$json (run make fixtures)"
    status=1
  elif ! cmp -s "$out/$json" "$fixtures/$json"; then
    echo "differs: tests/fixtures/$json"
    diff -u --label "committed $json" --label "oracle $json" "$fixtures/$json" "$out/$json" | head -40 || true
    status=1
  fi
  ddl="${rel%.js}.ddl.sql"
  if [[ -f "$out/$ddl" ]]; then
    if [[ ! -f "$fixtures/$ddl" ]]; then
      echo "missing: tests/fixtures/$ddl (run make fixtures)"
      status=1
    elif ! cmp -s "$out/$ddl" "$fixtures/$ddl"; then
      echo "differs: tests/fixtures/$ddl"
      diff -u --label "committed $ddl" --label "oracle $ddl" "$fixtures/$ddl" "$out/$ddl" | head -40 || true
      status=1
    fi
  fi
done
# An expected file whose snippet is gone is stale.
while IFS= read -r -d '' json; do
  rel=${json#"$fixtures"/}
  if [[ ! -f "$out/$rel" ]]; then
    echo "stale: tests/fixtures/$rel has no snippet"
    status=1
  fi
done < <(find "$fixtures" \( -name '*.json' -o -name '*.ddl.sql' \) -print0)
if [[ $status == 0 ]]; then
  echo "fixtures: all ${#cases[@]} expected files are the oracle's output" >&2
else
  echo "fixtures: expected files differ from the oracle; run make fixtures and review" >&2
fi
exit $status
