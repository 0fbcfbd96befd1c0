-- The event log: every change is an event; read models are projections of it.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    aggregate_id TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    producer     TEXT,
    created_at   INTEGER NOT NULL      -- microseconds since the epoch (UTC)
) STRICT;
CREATE INDEX events_by_aggregate ON events (aggregate_id, seq);

-- What remains of a hard-deleted aggregate: enough to refuse its reuse.
CREATE TABLE tombstones (
    aggregate_id  TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    merkelapp     TEXT,
    grupperingsid TEXT,
    deleted_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX tombstones_by_sak ON tombstones (merkelapp, grupperingsid);
