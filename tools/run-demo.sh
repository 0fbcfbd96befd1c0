#!/usr/bin/env bash
# `make run`: loads the demo data (organisations, persons, saker,
# notifications, a citizen's messages) into the embedded default database and serves the Min side
# demo portal in the foreground, with development logins. Stop with Ctrl-C.
set -euo pipefail
bin=${1:-build/budstikke}
listen=${BUDSTIKKE_LISTEN:-127.0.0.1:8080}
db=${BUDSTIKKE_DB:-sqlite:./budstikke.db}
access=${BUDSTIKKE_DEMO_ACCESS:-./budstikke-demo-access.json}
registry=${BUDSTIKKE_DEMO_REGISTRY:-./budstikke-demo-registry.json}
"$bin" demo --db "$db" --access "$access" --registry "$registry"
cat <<INFO

Budstikke demo portal: http://$listen/
  Log in by picking a demo person on the front page (development login, serve --dev).
  The bell, the case overview and the case pages are there; the citizen (Mette Borger)
  has her messages under Meldinger (tick the high login level to read the decision).
  Producers can add more:
    TOKEN=\$($bin token producer demo:tiltak)
    curl -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' http://$listen/api/producer/graphql -d '{"query":"{ whoami }"}'
Database $db; Ctrl-C stops the service.
INFO
exec "$bin" serve --dev --listen "$listen" --db "$db" --access "$access" --registry "$registry"
