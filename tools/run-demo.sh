#!/usr/bin/env bash
# Starts the service in the foreground on the embedded default (a SQLite
# file), for a person to try. Stop with Ctrl-C.
set -euo pipefail
bin=${1:-build/budstikke}
listen=${BUDSTIKKE_LISTEN:-127.0.0.1:8080}
db=${BUDSTIKKE_DB:-sqlite:./budstikke.db}
echo "Budstikke on http://$listen/ (database $db); Ctrl-C stops it."
exec "$bin" serve --dev --listen "$listen" --db "$db"
