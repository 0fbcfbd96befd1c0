-- Producer read model of saker (cases) and their status history.
CREATE TABLE sak (
    id                  TEXT PRIMARY KEY,
    merkelapp           TEXT NOT NULL,
    grupperingsid       TEXT NOT NULL,
    virksomhetsnummer   TEXT NOT NULL,
    tittel              TEXT NOT NULL,
    lenke               TEXT,
    tilleggsinformasjon TEXT,
    neste_steg          TEXT,
    produsent           TEXT NOT NULL,
    identity            TEXT NOT NULL,
    event_seq           INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX sak_by_grupperingsid ON sak (merkelapp, grupperingsid);
CREATE INDEX sak_by_virksomhet ON sak (virksomhetsnummer, id);

CREATE TABLE sak_mottaker (
    sak_id            TEXT NOT NULL REFERENCES sak (id) ON DELETE CASCADE,
    pos               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    a                 TEXT,
    b                 TEXT,
    virksomhetsnummer TEXT NOT NULL,
    PRIMARY KEY (sak_id, pos)
) STRICT;

CREATE TABLE sak_status (
    id              TEXT PRIMARY KEY,           -- the status update's id
    sak_id          TEXT NOT NULL REFERENCES sak (id) ON DELETE CASCADE,
    status          TEXT NOT NULL,              -- MOTTATT | UNDER_BEHANDLING | FERDIG
    overstyr_tekst  TEXT,
    oppgitt         TEXT,                       -- producer-given time, UTC
    mottatt         TEXT NOT NULL,              -- receive time, UTC
    idempotency_key TEXT NOT NULL,              -- INITIAL | USER_SUPPLIED<key> | GENERATED<uuid>
    event_seq       INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX sak_status_by_key ON sak_status (sak_id, idempotency_key);
