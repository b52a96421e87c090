#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine (cargo-fuzz / libFuzzer).
#
#   scripts/fuzz.sh [SECONDS]      default 600 (10 minutes)
#
# Environment:
#   FUZZ_SANITIZER  address (default) or none (faster, no ASan)
#   FUZZ_JOBS       parallel fuzzing processes (default 1)
#   FUZZ_MAX_LEN    largest input libFuzzer makes, in bytes (default 65536)
#   FUZZ_KEEP_GOING 1 (default): libFuzzer's fork mode, which records every
#                   crash, timeout and OOM and goes on for the whole time;
#                   0: stop at the first crash (classic mode, final stats)
#
# Needs cargo-fuzz (installed here from crates.io if missing). cargo-fuzz
# passes nightly-only flags (-Z sanitizer, -C passes=sancov); the stable
# 1.95 toolchain accepts them with RUSTC_BOOTSTRAP=1, which this script
# sets for the fuzz build only.
#
# The corpus (fuzz/corpus/analyse, git-ignored) is seeded with every
# fixture's .js files and a few generated schemas. Crashes, hangs (an input
# that takes longer than 20 s) and out-of-memory inputs are written to
# fuzz/artifacts/analyse/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run analyse fuzz/artifacts/analyse/<file>
# and minimize it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin analyse fuzz/artifacts/analyse/<file>
# See docs/FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN="${1:-600}"
SANITIZER="${FUZZ_SANITIZER:-address}"
JOBS="${FUZZ_JOBS:-1}"
MAX_LEN="${FUZZ_MAX_LEN:-65536}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz from crates.io" >&2
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

CORPUS=fuzz/corpus/analyse
ARTIFACTS=fuzz/artifacts/analyse
mkdir -p "$CORPUS" "$ARTIFACTS"

# Seed corpus: fixtures (single files and models folders), generated schemas.
if [ -d tests/fixtures ]; then
  while IFS= read -r -d '' f; do
    name="fixture-$(echo "$f" | sed 's|^tests/fixtures/||; s|/|_|g')"
    cp -f "$f" "$CORPUS/$name"
  done < <(find tests/fixtures -name '*.js' -size -64k -print0)
fi
cargo build --quiet --release --example gen_schema
for n in 2 5 20 60; do
  target/release/examples/gen_schema "$n" "$n" > "$CORPUS/generated-$n.js"
done

export RUSTC_BOOTSTRAP=1
BUILD_FLAGS=(--sanitizer "$SANITIZER")
echo "fuzz.sh: building the analyse target (sanitizer: $SANITIZER)" >&2
cargo fuzz build "${BUILD_FLAGS[@]}" analyse

echo "fuzz.sh: fuzzing for $SECONDS_TO_RUN s with $JOBS job(s); corpus $(ls "$CORPUS" | wc -l) inputs" >&2
LOG=fuzz/artifacts/last-run.log
STAMP=$(mktemp)
JOB_FLAGS=()
if [ "${FUZZ_KEEP_GOING:-1}" = 1 ]; then
  JOB_FLAGS=(-fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
elif [ "$JOBS" -gt 1 ]; then
  # Each job logs to fuzz-<n>.log in the current directory.
  JOB_FLAGS=(-jobs="$JOBS" -workers="$JOBS")
fi
set +e
cargo fuzz run "${BUILD_FLAGS[@]}" analyse "$CORPUS" -- \
  -max_total_time="$SECONDS_TO_RUN" \
  -timeout=20 \
  -rss_limit_mb=4096 \
  -max_len="$MAX_LEN" \
  -dict=fuzz/analyse.dict \
  -artifact_prefix="$ARTIFACTS/" \
  -print_final_stats=1 \
  "${JOB_FLAGS[@]}" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

echo
echo "fuzz.sh: exit status $status; corpus now $(ls "$CORPUS" | wc -l) inputs"
# Classic mode prints final stats; fork mode a status line per job, the
# last of which sums the run (executions, edges covered, features, corpus).
grep -aE '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$LOG" || true
grep -aE '^#[0-9]+: cov:' "$LOG" | tail -1 || true
# Artifacts written by this run (older ones stay until deleted).
new_artifacts=$(find "$ARTIFACTS" -type f -newer "$STAMP" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | sort)
rm -f "$STAMP"
if [ -n "$new_artifacts" ]; then
  echo "fuzz.sh: new artifacts (reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run analyse FILE):"
  for f in $new_artifacts; do
    echo "  $f"
    # The first line of the failure, from a single run of the input.
    "fuzz/target/x86_64-unknown-linux-gnu/release/analyse" "$f" 2>&1 \
      | grep -m1 -A1 -E 'panicked at|overflowed|ERROR: AddressSanitizer' | sed 's/^/      /' || true
  done
  exit 1
fi
echo "fuzz.sh: no new crashes, timeouts or OOMs"
exit "$status"
