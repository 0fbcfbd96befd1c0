-- The user (person) read model: notifications and saker as people see them,
-- and who may see what (src/api/user/read_model.c). Aggregates are keyed by
-- nr, the seq of their creation event, so replay gives the same keys.

CREATE TABLE bruker_notifikasjon (
    nr                INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    kind              TEXT    NOT NULL,    -- BESKJED | OPPGAVE | KALENDERAVTALE
    merkelapp         TEXT    NOT NULL,
    grupperingsid     TEXT,
    sak_nr            INTEGER,             -- the sak of the same merkelapp and grupperingsid
    virksomhetsnummer TEXT    NOT NULL,
    tekst             TEXT    NOT NULL,
    lenke             TEXT    NOT NULL,
    opprettet         TEXT    NOT NULL,    -- UTC instant text, as the API prints it
    opprettet_us      INTEGER NOT NULL,
    sortering_us      INTEGER NOT NULL,    -- oppgave/kalenderavtale: paaminnelse ?? opprettet
    tidslinje_us      INTEGER NOT NULL,    -- kalenderavtale: start; else opprettet
    tilstand          TEXT,                -- oppgave: NY|UTFOERT|UTGAATT; kalenderavtale: avtaletilstand
    oppgave_bits      INTEGER NOT NULL,    -- as a task row of its sak: 1 NY, 4 UTFOERT, 16 UTGAATT; x2 with a fired paaminnelse
    frist             TEXT,
    paaminnelse       TEXT,
    utfoert           TEXT,
    utgaatt           TEXT,
    start_tidspunkt   TEXT,                -- as the event gives it: an instant (or Oslo wall-clock)
    slutt_tidspunkt   TEXT,
    lokasjon          TEXT,                -- JSON {adresse, postnummer, poststed}
    digitalt          INTEGER,
    versjon           INTEGER NOT NULL     -- seq of the last event that changed it
) STRICT;
CREATE INDEX bruker_notifikasjon_by_grupperingsid ON bruker_notifikasjon (merkelapp, grupperingsid);
CREATE INDEX bruker_notifikasjon_by_sak ON bruker_notifikasjon (sak_nr, tidslinje_us);

CREATE TABLE bruker_sak (
    nr                  INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    merkelapp           TEXT    NOT NULL,
    grupperingsid       TEXT    NOT NULL,
    virksomhetsnummer   TEXT    NOT NULL,
    tittel              TEXT    NOT NULL,
    lenke               TEXT,
    neste_steg          TEXT,
    tilleggsinformasjon TEXT,
    opprettet           TEXT    NOT NULL,
    sist_endret_us      INTEGER NOT NULL,  -- raised, never lowered (user-api.md 4.2.3)
    soketekst           TEXT    NOT NULL   -- lower case: what tekstsoek searches
) STRICT;
CREATE INDEX bruker_sak_by_grupperingsid ON bruker_sak (merkelapp, grupperingsid);

CREATE TABLE bruker_sak_status (
    id              TEXT    PRIMARY KEY,   -- the status update's id
    sak_nr          INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    overstyrt_tekst TEXT,
    tidspunkt       TEXT    NOT NULL,      -- oppgitt ?? mottatt
    mottatt_us      INTEGER NOT NULL,
    seq             INTEGER NOT NULL
) STRICT;
CREATE INDEX bruker_sak_status_by_sak ON bruker_sak_status (sak_nr, mottatt_us, seq);

-- Recipients of notifications and saker as grant pairs (src/access/access.h).
CREATE TABLE bruker_mottaker (
    nr         INTEGER NOT NULL,
    virksomhet TEXT    NOT NULL,
    nokkel     TEXT    NOT NULL,
    PRIMARY KEY (nr, virksomhet, nokkel)
) STRICT;
CREATE INDEX bruker_mottaker_by_grant ON bruker_mottaker (virksomhet, nokkel, nr);

-- Inputs that are not events: each person's grants as last applied (Altinn
-- rights from the access source, nl = 1 for nearest-leader relations), and
-- the relations. Replay keeps them and rebuilds the visibility from them.
CREATE TABLE bruker_tilgang (
    fnr        TEXT    NOT NULL,
    virksomhet TEXT    NOT NULL,
    nokkel     TEXT    NOT NULL,
    nl         INTEGER NOT NULL,
    PRIMARY KEY (fnr, virksomhet, nokkel)
) STRICT;
CREATE INDEX bruker_tilgang_by_grant ON bruker_tilgang (virksomhet, nokkel, fnr);

CREATE TABLE bruker_tilgang_sett (
    fnr  TEXT PRIMARY KEY,
    hash TEXT NOT NULL                      -- of the Altinn grants applied
) STRICT;

CREATE TABLE bruker_naermeste_leder (
    id         TEXT PRIMARY KEY,
    leder      TEXT NOT NULL,
    ansatt     TEXT NOT NULL,
    virksomhet TEXT NOT NULL,
    kilde      TEXT NOT NULL                -- fil | api
) STRICT;
CREATE INDEX bruker_naermeste_leder_by_triple ON bruker_naermeste_leder (leder, ansatt, virksomhet);

-- Visibility, kept up to date with both sides: a row per (person, aggregate)
-- the person's grants match, with how many grants match (Altinn, relation),
-- and copies of what the person's lists sort and filter on.
CREATE TABLE bruker_synlig (
    fnr          TEXT    NOT NULL,
    nr           INTEGER NOT NULL,
    sortering_us INTEGER NOT NULL,
    refs_altinn  INTEGER NOT NULL,
    refs_nl      INTEGER NOT NULL,
    klikket      INTEGER NOT NULL,
    ferdig       INTEGER NOT NULL,          -- an oppgave no longer NY: not unread
    kommende_us  INTEGER,                   -- start of an appointment not AVLYST/AVHOLDT
    versjon      INTEGER NOT NULL,          -- seq of the last change the person can see
    PRIMARY KEY (fnr, nr)
) STRICT;
CREATE INDEX bruker_synlig_by_tid ON bruker_synlig (fnr, sortering_us, nr, refs_nl, ferdig, klikket, versjon);
CREATE INDEX bruker_synlig_by_nr ON bruker_synlig (nr);
CREATE INDEX bruker_synlig_by_versjon ON bruker_synlig (fnr, versjon);
CREATE INDEX bruker_synlig_kommende ON bruker_synlig (fnr, kommende_us) WHERE kommende_us IS NOT NULL;

CREATE TABLE bruker_synlig_sak (
    fnr            TEXT    NOT NULL,
    nr             INTEGER NOT NULL,
    sist_endret_us INTEGER NOT NULL,
    refs_altinn    INTEGER NOT NULL,
    refs_nl        INTEGER NOT NULL,
    virksomhet     TEXT    NOT NULL,
    merkelapp      TEXT    NOT NULL,
    oppgaver       INTEGER NOT NULL,        -- OR of oppgave_bits of the task rows the person sees; << 8: seen through relations
    PRIMARY KEY (fnr, nr)
) STRICT;
CREATE INDEX bruker_synlig_sak_by_tid ON bruker_synlig_sak
    (fnr, sist_endret_us, nr, virksomhet, merkelapp, oppgaver, refs_nl);
CREATE INDEX bruker_synlig_sak_by_nr ON bruker_synlig_sak (nr);

CREATE TABLE bruker_klikk (
    fnr TEXT    NOT NULL,
    nr  INTEGER NOT NULL,
    PRIMARY KEY (fnr, nr)
) STRICT;
CREATE INDEX bruker_klikk_by_nr ON bruker_klikk (nr);

CREATE TABLE bruker_sist_lest (
    fnr          TEXT    PRIMARY KEY,
    tidspunkt    TEXT    NOT NULL,
    tidspunkt_us INTEGER NOT NULL
) STRICT;
