#!/usr/bin/env bash
# Our durable nyBeskjed against the graphql-js peer (bench/peer/server.mjs,
# in memory) on this machine, rounds interleaved as ../shared/bench/ANCHORS.md
# does: each round runs bench/run-producer.sh, then the peer with the
# anchors' own load script (../shared/bench/load/graphql-mutation.lua), both
# servers on core 0 and wrk on core 1. Prints each side's RESULT line per
# round, the per-round ratio and the median ratio; the peer's
# mineNotifikasjoner(first: 10) rate is printed too, the anchor for
# bench/run-user.sh's page10 row.
# usage: bench/run-peer.sh [ROUNDS=3] [SECONDS=10] [CONNECTIONS=64]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-3}; secs=${2:-10}; conns=${3:-64}
load=${SHARED_BENCH:-$root/../shared/bench}/load
[[ -d bench/node_modules/graphql ]] || (cd bench && npm ci --no-audit --no-fund --silent)
port=18095
peer_url=http://127.0.0.1:$port/graphql
rate() { sed 's/.*rps=\([0-9.]*\).*/\1/' <<<"$1"; }

run_peer() { # op: prints the peer's RESULT line for one fresh peer process
  NODE_ENV=production taskset -c 0 node bench/peer/server.mjs "$port" >/dev/null &
  local pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "$peer_url" && break; sleep 0.1; done
  bash "$load/check-graphql.sh" "$peer_url" >/dev/null
  bash "$load/bench.sh" "$peer_url" "graphql-$1.lua" 5 "$conns" >/dev/null # warm-up (JIT)
  bash "$load/bench.sh" "$peer_url" "graphql-$1.lua" "$secs" "$conns" | grep '^RESULT'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

ratios=()
for ((r = 1; r <= rounds; r++)); do
  ours=$(bash bench/run-producer.sh "$secs" "$conns" | grep '^RESULT')
  theirs=$(run_peer mutation)
  ratio=$(awk -v a="$(rate "$ours")" -v b="$(rate "$theirs")" 'BEGIN{printf "%.2f", a/b}')
  ratios+=("$ratio")
  echo "round $r ours  ${ours/RESULT /}"
  echo "round $r peer  ${theirs/RESULT /}"
  echo "round $r ratio $ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
echo "RESULT nybeskjed_ratio_median=$median rounds=$rounds (ours durable on SQLite / graphql-js in memory)"
echo "RESULT peer_query $(run_peer query | sed 's/^RESULT //') (mineNotifikasjoner first: 10)"
