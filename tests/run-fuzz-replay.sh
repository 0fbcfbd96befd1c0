#!/usr/bin/env bash
# Replays the fuzz corpora through the fuzz targets built with gcc under
# ASan+UBSan (an ordinary test). In CI (CI set) it then fuzzes each target
# briefly with libFuzzer via tools/fuzz.sh. Last line: "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
libs=$(pkg-config --libs libmicrohttpd jansson cjose libssl libcrypto sqlite3 libpq libcurl glib-2.0)
[[ -f build-asan/libbudstikke.a ]] || make -s SAN=1 build-asan/libbudstikke.a
passed=0 failed=0
for target in parse request; do
  bin=build-asan/fuzz/replay_$target
  mkdir -p build-asan/fuzz
  if gcc -std=c17 -D_GNU_SOURCE -Isrc $san -o "$bin" "fuzz/fuzz_$target.c" fuzz/replay_main.c \
       build-asan/libbudstikke.a $libs -lpthread -lm && "$bin" "fuzz/corpus/$target"; then
    passed=$((passed + 1))
  else
    echo "replay of fuzz/corpus/$target failed"; failed=$((failed + 1))
  fi
done
if [[ -n ${CI:-} ]]; then
  if bash tools/fuzz.sh "${FUZZ_SECONDS:-15}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi
echo "$passed passed, $failed failed"
((failed == 0))
