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
printf '\n%-20s %-9s %12s %16s %8s\n' operation mode "ours µs/op" "graphql-js µs/op" ratio
for op in nyBeskjed mineNotifikasjoner; do
  js=$(grep "op=$op " <<<"$theirs" | sed 's/.*us_per_op=//')
  for mode in uncached cached; do
    c=$(grep "op=$op mode=$mode " <<<"$ours" | sed 's/.*us_per_op=//')
    printf '%-20s %-9s %12s %16s %7.1fx\n' "$op" "$mode" "$c" "$js" "$(awk -v a="$js" -v b="$c" 'BEGIN{print a/b}')"
  done
done
echo "(graphql-js parses and validates every operation; 'cached' is ours with the document cache.)"
