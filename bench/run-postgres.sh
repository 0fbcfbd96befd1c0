#!/usr/bin/env bash
# PostgreSQL mode (issue 6, ANCHORS.md T7): durable nyBeskjed/s through one and
# through two `budstikke serve` nodes sharing one PostgreSQL 15 database, as a
# ratio to pgbench's durable single-row insert rate on the same server, measured
# in the same run: a private cluster on loopback (fsync on, synchronous_commit
# on), pgbench -M prepared, one INSERT ... ON CONFLICT DO NOTHING of a ~500-byte
# row with the same unique and secondary indexes as the notification table per
# transaction, on 1M pre-filled rows as ANCHORS.md's run (an empty table gave
# the same rate: 8,098 against 7,926 tps on 2026-12-03), with 8 clients
# (ANCHORS.md's figure) and with as many clients as one node has writer
# connections (T7 compares at the same number of database connections).
# ROUNDS interleaved rounds as ANCHORS.md (this machine's speed drifts by half
# within minutes): each runs both pgbench loads, one node on a fresh database,
# two nodes on another; the summary gives medians and the ratios of medians.
# Nothing is pinned: PostgreSQL is one process per connection and uses both
# cores.
# usage: bench/run-postgres.sh [SECONDS=10] [CONNECTIONS=64] [ROUNDS=3]
# BUDSTIKKE_BIN=PATH runs another build of the server (an A/B comparison);
# BUDSTIKKE_DB_WRITERS=N another number of writer connections per node.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-10}; conns=${2:-64}; rounds=${3:-3}
bin=${BUDSTIKKE_BIN:-build/budstikke}
[ -n "${BUDSTIKKE_BIN:-}" ] || make -s -j"$(nproc)" build/budstikke >/dev/null
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
psql_ "$base" -c "CREATE DATABASE pgbench"
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
psql_ "$(url_of pgbench)" -c "INSERT INTO row500 SELECT md5(g::text), 'tiltak', 'fill-' || g, '9108255' || (g % 5), 'Du har en ny beskjed om tiltak nummer ' || g, 'https://tiltak.example/beskjed/' || g, repeat('x', 300), g FROM generate_series(1, 1000000) g"
writers=${BUDSTIKKE_DB_WRITERS:-3} # one node's writer connections (src/store/postgres.c)
# pgbench's after-effects (autovacuum of its table, the checkpoint of its WAL)
# must not land on the nodes' runs
settle() { psql_ "$(url_of pgbench)" -c "VACUUM ANALYZE row500" -c "CHECKPOINT"; }

# ---- budstikke nodes ----
cat > "$work/registry.json" <<'JSON'
{"producers":[{"id":"bench","merkelapper":["tiltak"],"mottakere":[{"altinn":{"serviceCode":"4936","serviceEdition":"1"}}]}]}
JSON
start_node() { # db port
  "$bin" serve --dev --dev-key "$work/dev.key" --registry "$work/registry.json" \
    --db "$(url_of "$1")" --listen "127.0.0.1:$2" --log-level warn 2>>"$work/server.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/internal/ready" >/dev/null && return; sleep 0.1; done
  echo "node on :$2 did not start" >&2; cat "$work/server.log" >&2; exit 1
}
export BUDSTIKKE_TOKEN=$("$bin" token producer bench --dev-key "$work/dev.key")
load() { # port connections seconds
  wrk -t1 -c"$2" -d"$3s" --timeout 10s -s bench/nybeskjed-auth.lua "http://127.0.0.1:$1/api/producer/graphql"
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

stop_nodes() { for p in "${pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done; pids=(); }
median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
: > "$work/rounds"
for r in $(seq "$rounds"); do
  settle
  read -r pg8 _ < <(pgbench_run 8)
  read -r pgw _ < <(pgbench_run "$writers")
  settle
  one=one$r; two=two$r; p=$((port + 4 * r))
  psql_ "$base" -c "CREATE DATABASE $one" -c "CREATE DATABASE $two"
  # The node ANALYZEs a small database itself after its first commits
  # (docs/store.md), so the warm-up leaves plans made with statistics.
  start_node "$one" "$p"
  load "$p" "$conns" 3 -- check >/dev/null
  o=$(load "$p" "$conns" "$secs" | grep RESULT)
  stop_nodes
  psql_ "$(url_of "$one")" -c "CHECKPOINT"
  start_node "$two" $((p + 1)); start_node "$two" $((p + 2))
  load $((p + 1)) $((conns / 2)) 3 >/dev/null & w=$!
  load $((p + 2)) $((conns / 2)) 3 >/dev/null; wait "$w"
  load $((p + 1)) $((conns / 2)) "$secs" > "$work/a" & w=$!
  load $((p + 2)) $((conns / 2)) "$secs" > "$work/b"; wait "$w"
  stop_nodes
  a=$(grep RESULT "$work/a"); b=$(grep RESULT "$work/b")
  t=$(awk -v x="$(field rps "$a")" -v y="$(field rps "$b")" 'BEGIN{print x+y}')
  tp=$(awk -v x="$(field p99_ms "$a")" -v y="$(field p99_ms "$b")" 'BEGIN{print (x>y)?x:y}')
  rows=$(psql -tA -X "$(url_of "$one")" -c "SELECT count(*) FROM notifikasjon")
  rows2=$(psql -tA -X "$(url_of "$two")" -c "SELECT count(*) FROM notifikasjon")
  echo "$pg8 $pgw $(field rps "$o") $(field p99_ms "$o") $t $tp" >> "$work/rounds"
  awk -v r="$r" -v pg8="$pg8" -v pgw="$pgw" -v w="$writers" -v o="$(field rps "$o")" -v op="$(field p99_ms "$o")" \
      -v t="$t" -v tp="$tp" -v ro="$rows" -v rt="$rows2" 'BEGIN{
    printf "round %d: pgbench 8 clients %.0f tps, %d clients %.0f tps; one node %.0f/s (%.2fx, %.2fx at %d clients, p99 %.1f ms, %d rows); two nodes %.0f/s (%.2fx, p99 %.1f ms, %d rows)\n",
      r, pg8, w, pgw, o, o/pg8, o/pgw, w, op, ro, t, t/pg8, tp, rt }'
done
col() { awk -v c="$1" '{print $c}' "$work/rounds" | median; }
awk -v n="$rounds" -v w="$writers" -v pg8="$(col 1)" -v pgw="$(col 2)" -v o="$(col 3)" -v op="$(col 4)" \
    -v t="$(col 5)" -v tp="$(col 6)" 'BEGIN{
  printf "SUMMARY medians of %d rounds: pgbench_8_clients_tps=%.0f pgbench_%d_clients_tps=%.0f one_node_rps=%.0f (%.2fx pgbench at 8 clients, %.2fx at %d clients, p99 %.1f ms) two_nodes_rps=%.0f (%.2fx pgbench at 8 clients, p99 %.1f ms)\n",
    n, pg8, w, pgw, o, o/pg8, o/pgw, w, op, t, t/pg8, tp }'
