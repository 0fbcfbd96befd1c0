#!/usr/bin/env bash
# Durable nyBeskjed over HTTP: the release binary on a real SQLite file
# (WAL, synchronous=FULL), 64 wrk connections on loopback, a fresh eksternId
# per request. Server on core 0, wrk on core 1, as ../shared/bench/ANCHORS.md.
# Prints wrk's RESULT line, the server's CPU time per request (user+system,
# which a machine shared with other work disturbs less than the rate), the
# load average before the run, and the rows stored afterwards.
# usage: bench/run-producer.sh [SECONDS=10] [CONNECTIONS=64]
# BUDSTIKKE_BIN=PATH runs another build of the server (an A/B comparison).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-10}; conns=${2:-64}
bin=${BUDSTIKKE_BIN:-build/budstikke}
[ -n "${BUDSTIKKE_BIN:-}" ] || make -s -j"$(nproc)" build/budstikke >/dev/null
work=$(mktemp -d "$root/bench-producer.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/registry.json" <<'JSON'
{"producers":[{"id":"bench","merkelapper":["tiltak"],"mottakere":[{"altinn":{"serviceCode":"4936","serviceEdition":"1"}}]}]}
JSON
port=18090
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
taskset -c 0 "$bin" serve --dev --dev-key "$work/dev.key" --registry "$work/registry.json" \
  --db "sqlite:$work/bench.db" --listen "127.0.0.1:$port" --log-level warn 2>"$work/server.log" &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/internal/ready" >/dev/null && break; sleep 0.1; done
export BUDSTIKKE_TOKEN=$("$bin" token producer bench --dev-key "$work/dev.key")
url=http://127.0.0.1:$port/api/producer/graphql
taskset -c 1 wrk -t1 -c"$conns" -d3s --timeout 10s -s bench/nybeskjed-auth.lua "$url" -- check | grep -E 'RESULT|CHECK' | sed 's/^/warm-up /'
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(cpu)
result=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s bench/nybeskjed-auth.lua "$url" | grep RESULT)
t1=$(cpu)
echo "$result"
requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
echo "server_cpu_us_per_request=$(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "rows stored: $(sqlite3 "$work/bench.db" 'SELECT count(*) FROM notifikasjon') (events: $(sqlite3 "$work/bench.db" 'SELECT count(*) FROM events'))"
