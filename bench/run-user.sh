#!/usr/bin/env bash
# The user API over HTTP on a store of 1,000,000 notifications (250,000
# saker) in 100,000 organisations, for a person with rights in 1,000 of
# them (10,000 notifications and 2,500 saker visible to them): the release
# binary on a real SQLite file, 64 wrk connections on loopback, server on
# core 0 and wrk on core 1 as ../shared/bench/ANCHORS.md. Prints one RESULT
# line per query (bell = notifikasjoner with every field, the 200 newest;
# page = notifikasjoner(first: 20); page10 = the same with first: 10, the
# graphql-js peer's page size; saker = the case overview over the
# person's 1,000 organisations, a page of 30 with its counters).
# The data is built once by build/bench/bench_user_data (a few minutes) and
# kept in $BENCH_USER_DIR (default ./bench-user-data); the first request
# then also applies the person's 1,000 organisations' rights (timed).
# usage: bench/run-user.sh [SECONDS=10] [CONNECTIONS=64] [NOTIFICATIONS=1000000]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-10}; conns=${2:-64}; n=${3:-1000000}
make -s -j"$(nproc)" build/budstikke build/bench/bench_user_data >/dev/null
data=${BENCH_USER_DIR:-$root/bench-user-data}
mkdir -p "$data"
if [[ ! -f $data/built-$n ]]; then
  rm -f "$data"/user.db* "$data"/built-*
  build/bench/bench_user_data "sqlite:$data/user.db" "$data/access.json" "$n"
  touch "$data/built-$n"
fi
port=18191
taskset -c "${SERVER_CPUS:-0}" build/budstikke serve --dev --dev-key "$data/dev.key" --access "$data/access.json" \
  --db "sqlite:$data/user.db" --listen "127.0.0.1:$port" --log-level warn 2>"$data/server.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/internal/ready" >/dev/null && break; sleep 0.1; done
export BUDSTIKKE_TOKEN=$(build/budstikke token user 16120101181 --dev-key "$data/dev.key")
url=http://127.0.0.1:$port/api/user/graphql
first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $BUDSTIKKE_TOKEN" \
  -H 'Content-Type: application/json' -d '{"query":"{ notifikasjoner(first: 1) { feilAltinn } }"}' "$url")
echo "RESULT first_request_s=$first (applies the person's rights when they changed since the last run)"
for q in bell page page10 saker; do
  export BENCH_QUERY=$q
  taskset -c "${LOAD_CPUS:-1}" wrk -t1 -c"$conns" -d3s --timeout 10s -s bench/user-query.lua "$url" -- check \
    | grep -E 'RESULT|CHECK' | sed "s/^/warm-up $q /"
  taskset -c "${LOAD_CPUS:-1}" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s bench/user-query.lua "$url" \
    | grep RESULT | sed "s/^RESULT/RESULT query=$q/"
done
