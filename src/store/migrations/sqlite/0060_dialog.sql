-- Dialog module read model (dialog.md 2.3): dialogs (one per citizen), replies,
-- status history, seen/read marks, attachments and their owners. Times are
-- microseconds since the epoch (UTC). Every row is written by the dialog
-- projection from the event log, so replay rebuilds it.
CREATE TABLE dialog (
    id                 TEXT PRIMARY KEY,
    avsender_org       TEXT NOT NULL,    -- normalised: a sub-jobcenter as its main, an anden aktor as its jobcenter
    avsender_org_type  TEXT NOT NULL,
    avsender_kilde     TEXT NOT NULL,    -- the caller's own organisation code
    avsender_navn      TEXT,             -- the sender's name as it was at creation (bell items)
    avsender_person    TEXT,             -- JSON {type, ident, navn}; audit only
    ekstern_id         TEXT,
    foresporsel        TEXT,             -- SHA-256 of the request: an identical retry replays
    pos                INTEGER NOT NULL, -- the citizen's place in the request
    innbygger          TEXT NOT NULL,
    kanal              TEXT NOT NULL,    -- SMS | EPOST | VARSEL | MYNDIGHET_TIL_MYNDIGHET
    meldingstype       INTEGER,
    svartype           TEXT NOT NULL,    -- INGEN | SAKSBEHANDLER | INNBYGGER_OG_SAKSBEHANDLER
    mottaker_org       TEXT,
    mottaker_org_type  TEXT,
    tittel             TEXT NOT NULL,
    tekst              TEXT NOT NULL,
    vis_i_innboks      INTEGER NOT NULL,
    sikkerhetsniva     TEXT NOT NULL,    -- substantial | high
    synlig_fra         INTEGER,
    opprettet          INTEGER NOT NULL,
    historisk          INTEGER NOT NULL,
    status             TEXT NOT NULL,    -- AKTIV | AFSLUTTET | FEJLOPRETTET
    status_endret      INTEGER NOT NULL,
    lenke              TEXT,             -- JSON of the link element
    lenke_frist        INTEGER,
    arkivert           INTEGER,          -- when the citizen archived it
    levering_kanal     TEXT,             -- SMS | EPOST: the external delivery
    levering_til       TEXT,
    levering_status    TEXT,             -- BESTILT | SENDT | FEILET
    levering_arsak     TEXT,
    levering_tidspunkt INTEGER,
    siste_aktivitet    INTEGER NOT NULL, -- creation or the newest organisation reply
    event_seq          INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX dialog_by_ekstern_id ON dialog (avsender_kilde, ekstern_id, innbygger);
CREATE INDEX dialog_by_innbygger ON dialog (innbygger, opprettet DESC, id);
CREATE INDEX dialog_by_mottaker ON dialog (mottaker_org);
CREATE INDEX dialog_by_avsender ON dialog (avsender_org);
CREATE INDEX dialog_levering_due ON dialog (levering_status);

CREATE TABLE dialog_svar (
    id                TEXT PRIMARY KEY,
    dialog_id         TEXT NOT NULL REFERENCES dialog (id) ON DELETE CASCADE,
    ekstern_id        TEXT,
    foresporsel       TEXT,
    avsender_type     TEXT NOT NULL,     -- INNBYGGER | ORGANISASJON
    avsender_org      TEXT,
    avsender_org_type TEXT,
    avsender_kilde    TEXT NOT NULL,     -- the caller's organisation code, or INNBYGGER
    avsender_person   TEXT,
    tekst             TEXT NOT NULL,
    lenke             TEXT,
    lenke_frist       INTEGER,
    opprettet         INTEGER NOT NULL,
    historisk         INTEGER NOT NULL,
    status            TEXT NOT NULL,     -- AKTIV | FEJLOPRETTET
    status_endret     INTEGER NOT NULL,
    event_seq         INTEGER NOT NULL
) STRICT;
CREATE INDEX dialog_svar_by_dialog ON dialog_svar (dialog_id, event_seq);
CREATE UNIQUE INDEX dialog_svar_by_ekstern_id ON dialog_svar (dialog_id, avsender_kilde, ekstern_id);

CREATE TABLE dialog_statushistorikk (
    event_seq        INTEGER PRIMARY KEY, -- the event that made the change
    dialog_id        TEXT NOT NULL REFERENCES dialog (id) ON DELETE CASCADE,
    maal_type        TEXT NOT NULL,       -- DIALOG | SVAR
    maal_id          TEXT NOT NULL,
    fra_status       TEXT,
    til_status       TEXT NOT NULL,
    tidspunkt        INTEGER NOT NULL,
    utfort_av_org    TEXT,
    utfort_av_person TEXT,
    kilde            TEXT NOT NULL        -- API | HISTORISK_IMPORT
) STRICT;
CREATE INDEX dialog_statushistorikk_by_maal ON dialog_statushistorikk (maal_type, maal_id, event_seq);

CREATE TABLE dialog_markering (
    maal_type   TEXT NOT NULL,            -- DIALOG | SVAR
    maal_id     TEXT NOT NULL,
    type        TEXT NOT NULL,            -- VIST | LEST
    aktor_type  TEXT NOT NULL,            -- INNBYGGER | KONTAKTPERSON | SAKSBEHANDLER
    aktor_ident TEXT NOT NULL,
    dialog_id   TEXT NOT NULL REFERENCES dialog (id) ON DELETE CASCADE,
    aktor_org   TEXT,
    forste      INTEGER NOT NULL,
    siste       INTEGER NOT NULL,
    kode        INTEGER,                  -- 1 = "Laest af borger"
    kilde       TEXT NOT NULL,            -- API | HISTORISK_IMPORT | KASKADE
    PRIMARY KEY (maal_type, maal_id, type, aktor_type, aktor_ident)
) STRICT;
CREATE INDEX dialog_markering_by_dialog ON dialog_markering (dialog_id);

CREATE TABLE vedlegg (
    id                TEXT PRIMARY KEY,
    filnavn           TEXT NOT NULL,
    medietype         TEXT NOT NULL,      -- application/pdf | application/xml
    storrelse         INTEGER NOT NULL,
    sha256            TEXT NOT NULL,      -- names the bytes in vedlegg_innhold
    lastet_opp        INTEGER NOT NULL,
    lastet_opp_av_org TEXT NOT NULL
) STRICT;

CREATE TABLE dialog_vedlegg (
    eier_type  TEXT NOT NULL,             -- DIALOG | SVAR
    eier_id    TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    dialog_id  TEXT NOT NULL REFERENCES dialog (id) ON DELETE CASCADE,
    vedlegg_id TEXT NOT NULL REFERENCES vedlegg (id),
    PRIMARY KEY (eier_type, eier_id, pos)
) STRICT;
CREATE INDEX dialog_vedlegg_by_vedlegg ON dialog_vedlegg (vedlegg_id);

-- The bytes of attachments, content-addressed: base64 of 768 KiB chunks
-- (the store has text and integers only). Written with the upload's event;
-- not a projection (replay leaves it alone).
CREATE TABLE vedlegg_innhold (
    sha256 TEXT NOT NULL,
    nr     INTEGER NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (sha256, nr)
) STRICT;
