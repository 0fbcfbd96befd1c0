#!/usr/bin/env bash
# Installs the Debian packages (and npm packages for tests) that are missing.
# Idempotent and quiet when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."
debs=(build-essential pkg-config clang-14 libclang-rt-14-dev
      libmicrohttpd-dev libjansson-dev libcjose-dev libssl-dev libsqlite3-dev libpq-dev
      libcurl4-openssl-dev libglib2.0-dev libjemalloc-dev tzdata curl ca-certificates
      postgresql-15 wrk libxml2-dev libxml2-utils sqlite3
      chromium fonts-dejavu-core   # browser tests (tests/run-browser.sh)
      python3-aiosmtpd)   # the SMTP server the notice tests send e-mail to
# Node.js may come from elsewhere on the image; only ask Debian when absent.
command -v node >/dev/null || debs+=(nodejs)
command -v npm >/dev/null || debs+=(npm)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
