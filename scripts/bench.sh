#!/usr/bin/env bash
# Benchmarks: the whole `assoc json` process against real Sequelize (the
# oracle, in Node) on generated schemas of 100, 1,000 and 3,000 models, and
# the engine in process (benches/engine.rs).
#
#   scripts/bench.sh            all sizes
#   BENCH_SIZES="100 1000" scripts/bench.sh
#
# Steps:
#   1. build release (`assoc` and the `gen_schema` example);
#   2. generate target/bench/schema_N.js (seed 1);
#   3. for the sizes the oracle finishes (100 and 1,000; it stops scripts at
#      5 s, which 3,000 models pass), check that `assoc json` prints what the
#      oracle prints (scripts/compare-json.py: associations as a set keyed by
#      (source, as), everything else equal), and that `assoc sql` prints
#      byte for byte the DDL Sequelize's own sync() issues (ddl.js);
#   4. time both whole processes: where the oracle finishes, interleaved
#      (scripts/bench-pair.py: rounds of five `assoc json` runs and one
#      Node run, so that a drifting machine slows both alike); otherwise
#      with hyperfine (installed with apt-get if missing and possible, else
#      a loop over `date +%s%N`); and print a table with medians and the
#      speed-up;
#   5. run the in-process benchmark (`cargo bench --bench engine`).
#
# The oracle is target/oracle/oracle.js (where scripts/fixtures.sh installs
# a copy with its dependencies) if present, else ../shared/oracle/oracle.js.
# See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"100 1000 3000"}
COMPARE_SIZES=${BENCH_COMPARE_SIZES:-"100 1000"}
SEED=${BENCH_SEED:-1}
OUT=target/bench
mkdir -p "$OUT"

if [ -f target/oracle/oracle.js ] && [ -d target/oracle/node_modules ]; then
  ORACLE=target/oracle/oracle.js
elif [ -f ../shared/oracle/oracle.js ]; then
  ORACLE=../shared/oracle/oracle.js
  if [ ! -d ../shared/oracle/node_modules ]; then
    (cd ../shared/oracle && npm ci --no-audit --no-fund)
  fi
else
  echo "bench.sh: no oracle found (target/oracle/oracle.js or ../shared/oracle/oracle.js)" >&2
  exit 2
fi
echo "bench.sh: oracle $ORACLE ($(node --version)), seed $SEED"

echo "bench.sh: building release"
cargo build --quiet --release --bin assoc --example gen_schema
ASSOC=target/release/assoc
GEN=target/release/examples/gen_schema

for n in $SIZES; do
  "$GEN" "$n" "$SEED" > "$OUT/schema_$n.js"
done

# --- 3. identical output --------------------------------------------------
declare -A IDENTICAL
for n in $SIZES; do IDENTICAL[$n]="not compared"; done
for n in $COMPARE_SIZES; do
  echo
  echo "bench.sh: $n models: comparing assoc json with the oracle"
  node "$ORACLE" "$OUT/schema_$n.js" > "$OUT/oracle_$n.json"
  "$ASSOC" json "$OUT/schema_$n.js" > "$OUT/assoc_$n.json"
  if cmp -s "$OUT/oracle_$n.json" "$OUT/assoc_$n.json"; then
    IDENTICAL[$n]="byte-identical"
  elif python3 scripts/compare-json.py "$OUT/oracle_$n.json" "$OUT/assoc_$n.json" --max 10; then
    IDENTICAL[$n]="identical"
  else
    IDENTICAL[$n]="DIFFERENT"
  fi
  node "${ORACLE%oracle.js}ddl.js" "$OUT/schema_$n.js" > "$OUT/oracle_$n.ddl.sql"
  "$ASSOC" sql "$OUT/schema_$n.js" > "$OUT/assoc_$n.ddl.sql"
  if cmp -s "$OUT/oracle_$n.ddl.sql" "$OUT/assoc_$n.ddl.sql"; then
    echo "bench.sh: assoc sql prints ddl.js's $(wc -l < "$OUT/assoc_$n.ddl.sql") statements byte for byte"
  else
    echo "bench.sh: assoc sql differs from ddl.js (diff $OUT/oracle_$n.ddl.sql $OUT/assoc_$n.ddl.sql)"
    IDENTICAL[$n]="DDL DIFFERENT"
  fi
done

# --- 4. whole-process timings ---------------------------------------------
have_hyperfine() { command -v hyperfine >/dev/null 2>&1; }
if ! have_hyperfine && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get install -y hyperfine >/dev/null 2>&1 || true
fi

# median_ms COMMAND... : runs the command RUNS times, prints the median in ms.
median_ms() {
  local runs=$1; shift
  if have_hyperfine; then
    local json
    json=$(mktemp)
    # -N: no intermediate shell (paths here have no spaces).
    hyperfine -N --warmup 1 --runs "$runs" --style none --export-json "$json" "$*" >/dev/null 2>&1
    python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median'] * 1000))" "$json"
    rm -f "$json"
  else
    "$@" >/dev/null 2>&1 || true
    local times=() i start end
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      end=$(date +%s%N)
      times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) / 1000}'
  fi
}

echo
echo "bench.sh: timing whole processes ($(have_hyperfine && hyperfine --version || echo 'date +%s%N loop'))"
declare -A T_ASSOC T_NODE ORACLE_OK
for n in $SIZES; do
  if [[ " $COMPARE_SIZES " == *" $n "* ]]; then
    # Both at the same moments: 10 rounds of five `assoc json` runs and
    # one Node run (scripts/bench-pair.py), so that the machine's drift
    # slows both alike; the ratio is of the medians.
    pair=$(python3 scripts/bench-pair.py 10 5 -- "$ASSOC" json "$OUT/schema_$n.js" -- node "$ORACLE" "$OUT/schema_$n.js")
    T_ASSOC[$n]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["fast_median_ms"])' "$pair")
    T_NODE[$n]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["slow_median_ms"])' "$pair")
    echo "  $n models, interleaved: $pair"
  else
    T_ASSOC[$n]=$(median_ms 20 "$ASSOC" json "$OUT/schema_$n.js")
    T_NODE[$n]=$(median_ms 3 node "$ORACLE" "$OUT/schema_$n.js")
  fi
  if node "$ORACLE" "$OUT/schema_$n.js" | grep -q '"ok": true'; then
    ORACLE_OK[$n]="ok"
  else
    ORACLE_OK[$n]="error: $(node "$ORACLE" "$OUT/schema_$n.js" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("error","?")[:60])')"
  fi
  echo "  $n models: assoc json ${T_ASSOC[$n]} ms, node oracle ${T_NODE[$n]} ms"
done

echo
echo "| models | input | assoc json (median) | Sequelize in Node (median) | speed-up | output | oracle result |"
echo "|-------:|------:|--------------------:|---------------------------:|---------:|--------|---------------|"
for n in $SIZES; do
  size=$(wc -c < "$OUT/schema_$n.js")
  speedup=$(python3 -c "print('%.1fx' % (float('${T_NODE[$n]}') / max(float('${T_ASSOC[$n]}'), 1e-9)))")
  printf '| %6s | %5s KB | %17s ms | %24s ms | %8s | %s | %s |\n' \
    "$n" "$((size / 1024))" "${T_ASSOC[$n]}" "${T_NODE[$n]}" "$speedup" "${IDENTICAL[$n]}" "${ORACLE_OK[$n]}"
done

# --- 5. in process --------------------------------------------------------
echo
if grep -q 'name = "engine"' Cargo.toml; then
  echo "bench.sh: in-process benchmark (cargo bench --bench engine)"
  cargo bench --quiet --bench engine -- $SIZES
else
  echo "bench.sh: skipping cargo bench: no [[bench]] name = \"engine\" (harness = false) in Cargo.toml"
fi

status=0
for n in $COMPARE_SIZES; do
  case "${IDENTICAL[$n]}" in identical | byte-identical) ;; *) status=1 ;; esac
done
exit $status
