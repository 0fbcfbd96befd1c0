-- Producer read model of notifications (beskjed, oppgave, kalenderavtale).
CREATE TABLE notifikasjon (
    id                  TEXT PRIMARY KEY,       -- time-ordered UUID
    kind                TEXT NOT NULL,          -- BESKJED | OPPGAVE | KALENDERAVTALE
    merkelapp           TEXT NOT NULL,
    ekstern_id          TEXT NOT NULL,
    virksomhetsnummer   TEXT NOT NULL,
    grupperingsid       TEXT,
    tekst               TEXT NOT NULL,
    lenke               TEXT NOT NULL,
    opprettet_tidspunkt TEXT NOT NULL,          -- UTC, as the API prints it
    tilstand            TEXT,
    frist               TEXT,
    produsent           TEXT NOT NULL,
    identity            TEXT NOT NULL,          -- what makes a repeated create identical
    event_seq           INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX notifikasjon_by_ekstern_id ON notifikasjon (merkelapp, ekstern_id);
CREATE INDEX notifikasjon_by_virksomhet ON notifikasjon (virksomhetsnummer, id);
CREATE INDEX notifikasjon_by_sak ON notifikasjon (merkelapp, grupperingsid);

CREATE TABLE mottaker (
    notifikasjon_id   TEXT NOT NULL REFERENCES notifikasjon (id) ON DELETE CASCADE,
    pos               INTEGER NOT NULL,
    kind              TEXT NOT NULL,            -- altinn | altinnRessurs | altinnRolle | altinnReportee | naermesteLeder
    a                 TEXT,
    b                 TEXT,
    virksomhetsnummer TEXT NOT NULL,
    PRIMARY KEY (notifikasjon_id, pos)
) STRICT;

CREATE TABLE eksternt_varsel (
    id              TEXT PRIMARY KEY,
    notifikasjon_id TEXT NOT NULL REFERENCES notifikasjon (id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    kanal           TEXT NOT NULL,              -- sms | epost | altinntjeneste | altinnressurs
    spec            TEXT NOT NULL,              -- the order as JSON
    status          TEXT NOT NULL               -- NY | SENDT | FEILET | KANSELLERT
) STRICT;
CREATE INDEX eksternt_varsel_by_notifikasjon ON eksternt_varsel (notifikasjon_id, pos);
