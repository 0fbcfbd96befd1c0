#!/usr/bin/env bash
# Conformance against graphql-js: the corpus runs through the reference
# implementation (installed from npm) and through our engine on the same
# schema and data; compare.mjs prints "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")/conformance" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
out=$build/conformance
mkdir -p "$out"
if [[ ! -d $here/node_modules/graphql ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
[[ -x $build/tests/conformance/gqlrun ]] || make -C "$root" SAN=1 "build-asan/tests/conformance/gqlrun" >/dev/null
node "$here/make_corpus.mjs" "$here/corpus.json" "$out/corpus.json"
"$build/tests/conformance/gqlrun" "$here/schema.graphql" "$here/data.json" "$out/corpus.json" > "$out/ours.json"
node "$here/run_js.mjs" "$here/schema.graphql" "$here/data.json" "$out/corpus.json" > "$out/theirs.json"
node "$here/compare.mjs" "$out/corpus.json" "$out/ours.json" "$out/theirs.json" "$here/schema.graphql"
