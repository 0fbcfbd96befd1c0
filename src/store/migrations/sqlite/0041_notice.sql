-- External notices (src/notify): one row per notice, a projection of the
-- event log; due_at is the next send attempt (NULL once final). The sender
-- claims rows with a lease (claimed_by/lease_until) before it talks to a
-- gateway outside the transaction.
CREATE TABLE notice (
    varsel_id         TEXT    PRIMARY KEY,
    notifikasjon_id   TEXT    NOT NULL,
    kanal             TEXT    NOT NULL,  -- sms | epost | altinnressurs | altinntjeneste
    spec              TEXT    NOT NULL,  -- the producer's input for the channel (JSON)
    virksomhetsnummer TEXT,
    state             TEXT    NOT NULL,  -- NY | SENDT | FEILET | KANSELLERT
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,  -- when the notice was ordered
    due_at            INTEGER,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    claimed_by        TEXT,
    lease_until       INTEGER
) STRICT;
CREATE INDEX notice_by_due ON notice (due_at, varsel_id); -- unique keys, as sched_job_by_due
CREATE INDEX notice_by_notifikasjon ON notice (notifikasjon_id);

-- Operator switches (the emergency brake: name 'paused', value 'true'/'false').
CREATE TABLE notify_control (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
