#!/usr/bin/env bash
# The page's graph module (src/bin/assoc-graph.rs): a second WebAssembly
# module that the page imports the first time the graph tab is shown, so
# that the first load carries none of the graph's code (docs/WEB.md).
#
# Trunk runs this after its own build (Trunk.toml, post_build hook), with
# the same wasm-bindgen and wasm-opt on PATH (scripts/web-tools.sh): the
# module goes to graph/ in Trunk's staging directory, hence dist/graph/.
#
#   TRUNK_STAGING_DIR=dist bash scripts/web-graph.sh   (by hand, release)
set -euo pipefail
cd "$(dirname "$0")/.."
staging=${TRUNK_STAGING_DIR:?run by trunk (Trunk.toml), or set TRUNK_STAGING_DIR}
out="$staging/graph"
if [ "${TRUNK_PROFILE:-release}" = "release" ]; then
  profile=web-release
  dir=web-release
else
  profile=dev
  dir=debug
fi
cargo build --quiet --no-default-features --target wasm32-unknown-unknown --profile "$profile" --bin assoc-graph
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name assoc-graph \
  "target/wasm32-unknown-unknown/$dir/assoc-graph.wasm"
if [ "$profile" = "web-release" ]; then
  # As Trunk does for the page (data-wasm-opt="z"), with the features
  # rustc's wasm32 target uses.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --converge --gufa-optimizing --type-ssa --type-merging --zero-filled-memory --low-memory-unused \
    -o "$out/assoc-graph_bg.wasm" "$out/assoc-graph_bg.wasm"
fi
