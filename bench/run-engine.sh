#!/usr/bin/env bash
# Engine cost per operation, ours against graphql-js, on one core each.
# usage: bench/run-engine.sh [ROUNDS=5] [SECONDS_PER_ROUND=1]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-5}; secs=${2:-1}
make -s -j"$(nproc)" build/bench/bench_engine >/dev/null
[[ -d bench/node_modules/graphql ]] || (cd bench && npm ci --no-audit --no-fund --silent)
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }
ours=$(pin build/bench/bench_engine "$rounds" "$secs" bench/nybeskjed.graphql)
theirs=$(NODE_ENV=production pin node bench/engine.mjs "$rounds" "$secs")
echo "$ours"; echo "$theirs"
printf '\n%-20s %-28s %12s %16s %8s\n' operation measured "ours µs/op" "graphql-js µs/op" ratio
row() { # op, label, our mode, their mode
  local c js
  c=$(grep "op=$1 mode=$3 " <<<"$ours" | sed 's/.*us_per_op=//')
  js=$(grep "op=$1 mode=$4 " <<<"$theirs" | sed 's/.*us_per_op=//')
  printf '%-20s %-28s %12s %16s %7.1fx\n' "$1" "$2" "$c" "$js" "$(awk -v a="$js" -v b="$c" 'BEGIN{print a/b}')"
}
for op in nyBeskjed mineNotifikasjoner; do
  row $op "parse+validate+execute" pve pve
  row $op "full: JSON in+out, no cache" uncached uncached
  row $op "full, our document cache" cached uncached
done
echo "(graphql-js parses and validates every operation; 'parse+validate+execute' decodes the"
echo " request JSON outside the timing on both sides, and our figure includes writing the response.)"
