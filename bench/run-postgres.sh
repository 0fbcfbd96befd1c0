#!/usr/bin/env bash
# PostgreSQL mode (issue 6, ANCHORS.md T7): durable nyBeskjed/s through one and
# through two `budstikke serve` nodes sharing one PostgreSQL 15 database, as a
# ratio to pgbench's durable single-row insert rate on the same server, measured
# in the same run: a private cluster on loopback (fsync on, synchronous_commit
# on), pgbench with 8 clients (ANCHORS.md's figure), -M prepared,
# one INSERT ... ON CONFLICT DO NOTHING of a ~500-byte row with the same unique
# and secondary indexes as the notification table per transaction, first on an
# empty table, then on 1M rows pre-filled as ANCHORS.md's run (the nodes'
# databases start empty: the first ratio is the stricter one), and on 1M rows
# again with as many clients as one node has writer connections (T7 compares
# at the same number of database connections). Nothing is pinned: PostgreSQL
# is one process per connection and uses both cores.
# usage: bench/run-postgres.sh [SECONDS=10] [CONNECTIONS=64]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-10}; conns=${2:-64}
make -s -j"$(nproc)" build/budstikke >/dev/null
work=$(mktemp -d /tmp/bench-postgres.XXXXXX)
chmod 711 "$work" # the cluster runs as the postgres user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  bash tools/pg-cluster.sh stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
base=$(bash tools/pg-cluster.sh start "$work/pg" "$port")
psql_() { psql -q -X -v ON_ERROR_STOP=1 "$@"; }
psql_ "$base" -c "CREATE DATABASE pgbench" -c "CREATE DATABASE one" -c "CREATE DATABASE two"
url_of() { echo "${base%/*}/$1"; }

# ---- pgbench: the anchor ----
psql_ "$(url_of pgbench)" <<'SQL'
CREATE TABLE row500 (id TEXT PRIMARY KEY, merkelapp TEXT NOT NULL, ekstern_id TEXT NOT NULL,
  virksomhetsnummer TEXT NOT NULL, tekst TEXT NOT NULL, lenke TEXT NOT NULL, payload TEXT NOT NULL,
  event_seq BIGINT NOT NULL);
CREATE UNIQUE INDEX row500_by_ekstern_id ON row500 (merkelapp, ekstern_id);
CREATE INDEX row500_by_virksomhet ON row500 (virksomhetsnummer, id);
SQL
cat > "$work/insert.sql" <<'SQL'
\set n random(1, 2000000000)
INSERT INTO row500 VALUES (md5(:client_id::text || '-' || :n::text || clock_timestamp()::text), 'tiltak', :client_id::text || '-' || :n::text || '-' || clock_timestamp()::text, '9108255' || (:n % 5)::text, 'Du har en ny beskjed om tiltak nummer ' || :n::text, 'https://tiltak.example/beskjed/' || :n::text, repeat('x', 300), :n) ON CONFLICT DO NOTHING;
SQL
pgbench_run() { # [clients]: prints "tps latency_avg_ms"
  local out; out=$(pgbench -n -M prepared -c "${1:-8}" -j 2 -T "$secs" -r -f "$work/insert.sql" "$(url_of pgbench)" 2>&1)
  echo "$(awk '/^tps = /{print $3; exit}' <<<"$out") $(awk '/^latency average/{print $4; exit}' <<<"$out")"
}
read -r pg_tps pg_lat < <(pgbench_run)
echo "pgbench: 8 clients, empty table, tps=$pg_tps latency_avg_ms=$pg_lat"
# ANCHORS.md's pgbench runs on a table of 1M rows: the same again on 1M rows
psql_ "$(url_of pgbench)" -c "INSERT INTO row500 SELECT md5(g::text), 'tiltak', 'fill-' || g, '9108255' || (g % 5), 'Du har en ny beskjed om tiltak nummer ' || g, 'https://tiltak.example/beskjed/' || g, repeat('x', 300), g FROM generate_series(1, 1000000) g"
psql_ "$(url_of pgbench)" -c "VACUUM ANALYZE row500" -c "CHECKPOINT"
read -r pg1m_tps pg1m_lat < <(pgbench_run)
echo "pgbench: 8 clients, 1M rows, tps=$pg1m_tps latency_avg_ms=$pg1m_lat"
writers=${BUDSTIKKE_DB_WRITERS:-3} # one node's writer connections (src/store/postgres.c)
read -r pgw_tps pgw_lat < <(pgbench_run "$writers")
echo "pgbench: $writers clients, 1M rows, tps=$pgw_tps latency_avg_ms=$pgw_lat"
# pgbench's after-effects (autovacuum of its table, the checkpoint of its WAL)
# must not land on the nodes' runs
psql_ "$(url_of pgbench)" -c "VACUUM ANALYZE row500" -c "CHECKPOINT"

# ---- budstikke nodes ----
cat > "$work/registry.json" <<'JSON'
{"producers":[{"id":"bench","merkelapper":["tiltak"],"mottakere":[{"altinn":{"serviceCode":"4936","serviceEdition":"1"}}]}]}
JSON
start_node() { # db port
  build/budstikke serve --dev --dev-key "$work/dev.key" --registry "$work/registry.json" \
    --db "$(url_of "$1")" --listen "127.0.0.1:$2" --log-level warn 2>>"$work/server.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/internal/ready" >/dev/null && return; sleep 0.1; done
  echo "node on :$2 did not start" >&2; cat "$work/server.log" >&2; exit 1
}
export BUDSTIKKE_TOKEN=$(build/budstikke token producer bench --dev-key "$work/dev.key")
load() { # port connections seconds
  wrk -t1 -c"$2" -d"$3s" --timeout 10s -s bench/nybeskjed-auth.lua "http://127.0.0.1:$1/api/producer/graphql"
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

p1=$((port + 1)); p2=$((port + 2)); p3=$((port + 3))
# The databases are migrated a moment before the load: the node ANALYZEs a
# small database itself after its first commits (docs/store.md), so the
# warm-up leaves plans made with statistics, not for empty tables.
start_node one "$p1"
load "$p1" "$conns" 3 -- check >/dev/null
one=$(load "$p1" "$conns" "$secs" | grep RESULT)
echo "one node:  $one"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
psql_ "$(url_of one)" -c "CHECKPOINT"

start_node two "$p2"; start_node two "$p3"
load "$p2" $((conns / 2)) 3 >/dev/null & w=$!
load "$p3" $((conns / 2)) 3 >/dev/null; wait "$w"
load "$p2" $((conns / 2)) "$secs" > "$work/a" & w=$!
load "$p3" $((conns / 2)) "$secs" > "$work/b"; wait "$w"
a=$(grep RESULT "$work/a"); b=$(grep RESULT "$work/b")
echo "two nodes: node A $a"
echo "           node B $b"
one_rps=$(field rps "$one"); two_rps=$(awk -v x="$(field rps "$a")" -v y="$(field rps "$b")" 'BEGIN{print x+y}')
two_p99=$(awk -v x="$(field p99_ms "$a")" -v y="$(field p99_ms "$b")" 'BEGIN{print (x>y)?x:y}')
rows_one=$(psql -tA -X "$(url_of one)" -c "SELECT count(*) FROM notifikasjon")
rows_two=$(psql -tA -X "$(url_of two)" -c "SELECT count(*) FROM notifikasjon")
awk -v pg="$pg_tps" -v pgm="$pg1m_tps" -v pgw="$pgw_tps" -v w="$writers" -v o="$one_rps" -v op="$(field p99_ms "$one")" -v t="$two_rps" -v tp="$two_p99" \
    -v ro="$rows_one" -v rt="$rows_two" 'BEGIN{
  printf "SUMMARY pgbench_tps=%.0f pgbench_1m_rows_tps=%.0f pgbench_%d_clients_tps=%.0f one_node_rps=%.0f (%.2fx pgbench, %.2fx on 1M rows, %.2fx at %d clients, p99 %.1f ms) two_nodes_rps=%.0f (%.2fx pgbench, %.2fx on 1M rows, p99 %.1f ms) rows_one=%d rows_two=%d\n",
    pg, pgm, w, pgw, o, o/pg, o/pgm, o/pgw, w, op, t, t/pg, t/pgm, tp, ro, rt }'
