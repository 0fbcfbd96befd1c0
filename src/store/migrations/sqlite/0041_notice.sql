-- External notices (src/notify). `notice` is a projection of the event log:
-- every notice ordered (a notification's eksterneVarsler, a reminder's, a
-- dialog's SMS or e-mail) and its state as the events tell it.
CREATE TABLE notice (
    varsel_id         TEXT    PRIMARY KEY,
    notifikasjon_id   TEXT    NOT NULL,
    kanal             TEXT    NOT NULL,  -- sms | epost | altinnressurs | altinntjeneste
    spec              TEXT    NOT NULL,  -- the producer's input for the channel (JSON)
    virksomhetsnummer TEXT,
    state             TEXT    NOT NULL,  -- NY | SENDT | FEILET | KANSELLERT
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,  -- when the notice was ordered (the event's time)
    origin            TEXT    NOT NULL   -- notifikasjon (EksterntVarsel* events) | dialog (DialogLeveringOppdatert)
) STRICT;
CREATE INDEX notice_by_notifikasjon ON notice (notifikasjon_id);

-- The sender's work queue: one row per notice that is not final yet. The
-- projection adds a row when a notice is ordered (keeping one that exists)
-- and removes it when the notice becomes final, so a replay keeps the
-- sender's bookkeeping (attempts, the next try, an accepted Altinn order).
-- claimed_by/lease_until: the lease a sender takes before it talks to a
-- gateway outside the transaction.
CREATE TABLE notice_queue (
    varsel_id   TEXT    PRIMARY KEY,
    due_at      INTEGER NOT NULL,        -- the next try (microseconds UTC)
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    shipment_id TEXT,                    -- an accepted Altinn order, polled
    claimed_by  TEXT,
    lease_until INTEGER
) STRICT;
-- unique keys, as sched_job_by_due
CREATE INDEX notice_queue_by_due ON notice_queue (due_at, varsel_id);

-- Operator switches (the emergency brake: name 'paused', value 'true'/'false').
CREATE TABLE notify_control (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
