#!/usr/bin/env bash
# Browser tests: the bell and the Min side pages in Debian's headless
# Chromium (driven by playwright-core from npm; no browser is downloaded),
# against the real binary. Screenshots go to build-asan/test-logs/browser/.
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/chromium ]]; then
  echo "run-browser: /usr/bin/chromium is missing (tools/deps.sh installs Debian's chromium)"
  echo "0 passed, 1 failed"; exit 1
fi
# npm ci only when the lockfile changed since the last install
stamp=tests/browser/node_modules/.package-lock.json
if [[ ! -f $stamp || tests/browser/package-lock.json -nt $stamp ]]; then
  if ! (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error); then
    echo "run-browser: npm ci failed"; echo "0 passed, 1 failed"; exit 1
  fi
fi
export BROWSER_ARTEFACTS=${BROWSER_ARTEFACTS:-build-asan/test-logs/browser}
rm -rf "$BROWSER_ARTEFACTS"
exec node tests/browser/run.mjs "$@"
