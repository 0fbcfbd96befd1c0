-- Scheduler (src/scheduler): due jobs as a projection of the event log.
-- One row per (kind, aggregate): EXPIRE (oppgave frist over), AVHOLDT
-- (kalenderavtale start passed), REMIND (påminnelse), HARD_DELETE.
-- claimed_by/lease_until give the row-lease shape a multi-node PostgreSQL
-- mode claims with FOR UPDATE SKIP LOCKED.
CREATE TABLE sched_job (
    kind         TEXT    NOT NULL,
    aggregate_id TEXT    NOT NULL,
    due_at       INTEGER NOT NULL,     -- microseconds since the epoch (UTC)
    payload      TEXT,                 -- JSON the job needs when it runs
    attempts     INTEGER NOT NULL DEFAULT 0,
    claimed_by   TEXT,
    lease_until  INTEGER,
    PRIMARY KEY (kind, aggregate_id)
) STRICT;
-- unique keys: PostgreSQL can then mark the entries of taken jobs dead (a key
-- shared by many rows keeps them in one posting list that scans must walk)
CREATE INDEX sched_job_by_due ON sched_job (due_at, kind, aggregate_id);
CREATE INDEX sched_job_by_aggregate ON sched_job (aggregate_id);

-- What the scheduler remembers of each notification and sak.
CREATE TABLE sched_aggregate (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,   -- BESKJED | OPPGAVE | KALENDERAVTALE | SAK
    merkelapp         TEXT,
    grupperingsid     TEXT,
    virksomhetsnummer TEXT,
    produsent         TEXT,
    tilstand          TEXT,
    frist             TEXT,            -- YYYY-MM-DD
    opprettet         TEXT,            -- instant text
    start_tidspunkt   TEXT,            -- Oslo local date-time
    avlyst            INTEGER NOT NULL DEFAULT 0
) STRICT;
