#!/usr/bin/env bash
# graphql-js (the reference) accepts our producer SDL and the guide's example operations.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/tests/conformance
[[ -d $here/node_modules/graphql ]] || (cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/check_producer_seeds.mjs" "$root/src/api/producer/schema.graphql" "$root/tests/fixtures/producer-seed-operations"
