#!/usr/bin/env bash
# The dialog API over HTTP: the release binary on a real SQLite file (WAL,
# synchronous=FULL) with the test fixture's organisations and citizens.
# 1. durable creates (VARSEL, fresh eksternId each), 64 wrk connections;
# 2. one thread with three replies read by the receiving jobcenter (full
#    view) and by an outside a-kasse (masked view).
# Server on core 0, wrk on core 1, as ../shared/bench/ANCHORS.md.
# usage: bench/run-dialog.sh [SECONDS=10] [CONNECTIONS=64]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-10}; conns=${2:-64}
make -s -j"$(nproc)" build/budstikke >/dev/null
work=$(mktemp -d "$root/bench-dialog.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
fx=tests/fixtures/dialog
port=18091
taskset -c 0 build/budstikke serve --dev --dev-key "$work/dev.key" --registry "$fx/registry.json" \
  --access "$fx/access.json" --db "sqlite:$work/bench.db" --listen "127.0.0.1:$port" \
  --log-level warn 2>"$work/server.log" &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/internal/ready" >/dev/null && break; sleep 0.1; done
jc=$(build/budstikke token producer dev:jc-14700 --dev-key "$work/dev.key")
ak=$(build/budstikke token producer dev:akasse-ak1 --dev-key "$work/dev.key")
ak2=$(build/budstikke token producer dev:akasse-ak2 --dev-key "$work/dev.key")
base=http://127.0.0.1:$port/api/dialog/v1
export BUDSTIKKE_TOKEN=$jc
taskset -c 1 wrk -t1 -c"$conns" -d3s --timeout 10s -s bench/dialog-create.lua "$base/dialoger" -- check \
  | grep -E 'RESULT|CHECK' | sed 's/^/warm-up create /'
taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s bench/dialog-create.lua "$base/dialoger" \
  | grep RESULT | sed 's/^/create /'
# a thread AK1 -> 14700 about B1 with three replies
id=$(curl -sf -H "Authorization: Bearer $ak" -H 'Content-Type: application/json' "$base/dialoger" \
  -d '{"innbyggere":["0101901234"],"kanal":"MYNDIGHET_TIL_MYNDIGHET","svartype":"SAKSBEHANDLER","mottaker":{"kode":"14700","type":"JOBCENTER"},"tittel":"Indstilling","tekst":"A-kassens indstilling"}' \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
for t in "$jc" "$ak" "$jc"; do
  curl -sf -H "Authorization: Bearer $t" -H 'Content-Type: application/json' "$base/dialoger/$id/svar" \
    -d '{"tekst":"Et svar i tråden"}' >/dev/null
done
export BUDSTIKKE_DIALOG=$id
BUDSTIKKE_TOKEN=$jc taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" -s bench/dialog-get.lua "$base/dialoger/" \
  | grep RESULT | sed 's/^/get-full /'
# AK2 is B1's former a-kasse: it may see the thread, masked
BUDSTIKKE_TOKEN=$ak2 taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" -s bench/dialog-get.lua "$base/dialoger/" \
  | grep RESULT | sed 's/^/get-masked /'
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "dialogs stored: $(sqlite3 "$work/bench.db" 'SELECT count(*) FROM dialog') (events: $(sqlite3 "$work/bench.db" 'SELECT count(*) FROM events'))"
