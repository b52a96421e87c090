#!/usr/bin/env bash
# The page's lazily loaded modules: the graph (src/bin/assoc-graph.rs) and
# the simulated data (src/bin/assoc-data.rs), WebAssembly modules of their
# own that the page imports the first time their tab is shown, the tools
# (src/bin/assoc-tools.rs: the workshop), imported the first time the page
# opens one, and the share module (src/bin/assoc-share.rs: the link, the
# toolbar), imported as the page starts; the first load carries none of
# their code (docs/WEB.md).
#
# Trunk runs this after its own build (Trunk.toml, post_build hook), with
# the same wasm-bindgen and wasm-opt on PATH (scripts/web-tools.sh): each
# module goes to <name>/ in Trunk's staging directory (dist/graph/,
# dist/data/, dist/tools/, dist/share/). All are built with the default
# features: the data module analyses the code again with the DDL details
# (ENUM values, defaults) that the page's first load is built without, and
# the workshop reads the order of the association calls, which the engine
# records with them.
#
#   TRUNK_STAGING_DIR=dist bash scripts/web-modules.sh   (by hand, release)
set -euo pipefail
cd "$(dirname "$0")/.."
staging=${TRUNK_STAGING_DIR:?run by trunk (Trunk.toml), or set TRUNK_STAGING_DIR}
if [ "${TRUNK_PROFILE:-release}" = "release" ]; then
  profile=web-release
  dir=web-release
else
  profile=dev
  dir=debug
fi
cargo build --quiet --target wasm32-unknown-unknown --profile "$profile" --bin assoc-graph --bin assoc-data --bin assoc-tools --bin assoc-share
for module in graph data tools share; do
  out="$staging/$module"
  mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "assoc-$module" \
    "target/wasm32-unknown-unknown/$dir/assoc-$module.wasm"
  if [ "$profile" = "web-release" ]; then
    # As Trunk does for the page (data-wasm-opt="z"), with the features
    # rustc's wasm32 target uses.
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --converge --gufa-optimizing --type-ssa --type-merging --zero-filled-memory --low-memory-unused \
      -o "$out/assoc-${module}_bg.wasm" "$out/assoc-${module}_bg.wasm"
  fi
done
