#!/usr/bin/env bash
# Builds and runs every test. Each test program prints "N passed, N failed"
# as its last line; this script adds them up and prints the total the same way.
# Steps: warnings-as-errors builds with gcc (ASan+UBSan, and release) and
# clang; unit and black-box tests under the sanitizers; the graphql-js
# conformance suite; fuzz corpus replay.
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log_dir=build-asan/test-logs
total_pass=0 total_fail=0 failed_names=()

step() { echo "== $*"; }
build() {
  step "build: $*"
  if ! make -j"$jobs" "$@" > build-log.txt 2>&1; then
    cat build-log.txt; echo "0 passed, 1 failed"; exit 1
  fi
}

build SAN=1 CC=gcc all
build CC=gcc all
build CC=clang-14 BUILD=build-clang build-clang/budstikke

mkdir -p "$log_dir"
# Runs one test command; its last "N passed, N failed" line is added to the total.
run_one() {
  local name=$1; shift
  local log="$log_dir/$name.log"
  "$@" > "$log" 2>&1
  local rc=$?
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local p=0 f=0
  if [[ -n $line ]]; then
    p=$(awk '{print $1}' <<<"$line"); f=$(awk '{print $3}' <<<"$line")
  fi
  if ((rc != 0 && f == 0)); then f=1; fi   # a crash or sanitizer report counts
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  if ((f > 0)); then
    failed_names+=("$name"); echo "FAIL $name ($p passed, $f failed; rc=$rc)"; tail -40 "$log"
  else
    echo "ok   $name ($p passed)"
  fi
}

for t in $(find build-asan/tests/unit build-asan/tests/blackbox -type f -executable 2>/dev/null | sort); do
  run_one "$(basename "$t")" "$t"
done
# Suites whose commands run in the background, again with every write
# command run twice (rolled back once), as when another command of its
# batch fails: a command that is not re-runnable leaks or decides twice.
for t in test_notices test_dialog_notices test_deadlines test_producer_schedule test_producer test_dialog_create; do
  run_one "rerun-$t" env BUDSTIKKE_STORE_RERUN=1 "build-asan/tests/blackbox/$t"
done
# The same black-box suites (and the store's unit test) against PostgreSQL:
# a throwaway cluster on loopback, a fresh database per test binary.
pg_dir=$(mktemp -d /tmp/budstikke-pg.XXXXXX)
pg_port=$((20000 + RANDOM % 20000))
if pg_url=$(bash tools/pg-cluster.sh start "$pg_dir" "$pg_port" 2>"$log_dir/pg-cluster.log"); then
  for t in build-asan/tests/unit/test_store $(find build-asan/tests/blackbox -type f -executable | sort); do
    run_one "pg-$(basename "$t")" env BUDSTIKKE_TEST_PG="$pg_url" "$t"
  done
  bash tools/pg-cluster.sh stop "$pg_dir"
else
  cat "$log_dir/pg-cluster.log"; total_fail=$((total_fail + 1)); failed_names+=("pg-cluster")
fi

for s in $(find tests -name 'run-*.sh' | sort); do
  run_one "$(basename "$s" .sh)" bash "$s"
done

echo "== summary"
((${#failed_names[@]})) && echo "failed: ${failed_names[*]}"
echo "$total_pass passed, $total_fail failed"
((total_fail == 0 && total_pass > 0))
