#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan+UBSan), replays the
# committed corpora, then fuzzes each target for SECONDS (default 20).
# New inputs go to a temporary folder, not into the repository.
# usage: tools/fuzz.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-20}
flags="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
make -s -j"$(nproc)" CC=clang-14 BUILD=build-fuzz OPT="$flags" build-fuzz/libbudstikke.a >/dev/null
libs=$(pkg-config --libs libmicrohttpd jansson cjose libssl libcrypto sqlite3 libpq libcurl glib-2.0)
status=0
for target in parse request; do
  bin=build-fuzz/fuzz_$target
  clang-14 -std=c17 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined \
    -o "$bin" "fuzz/fuzz_$target.c" build-fuzz/libbudstikke.a $libs -lpthread -lm
  work=$(mktemp -d)
  echo "== fuzz_$target: replay + ${secs}s"
  if ! "$bin" -max_len=4096 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=0 "$work" "fuzz/corpus/$target" > "build-fuzz/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target FAILED:"; tail -40 "build-fuzz/fuzz_$target.log"; status=1
  else
    grep -E '^#[0-9]+.*(DONE|pulse)' "build-fuzz/fuzz_$target.log" | tail -1 || true
  fi
  rm -rf "$work"
done
exit $status
