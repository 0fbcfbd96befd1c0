-- Producer read model, second part: kalenderavtaler, the sak a notification
-- was linked to, update idempotency keys, and the scheduled hard deletes.
ALTER TABLE notifikasjon ADD COLUMN sak_id TEXT;            -- the sak found at creation
ALTER TABLE notifikasjon ADD COLUMN start_tidspunkt TEXT;   -- kalenderavtale, UTC
ALTER TABLE notifikasjon ADD COLUMN slutt_tidspunkt TEXT;   -- kalenderavtale, UTC
ALTER TABLE notifikasjon ADD COLUMN lokasjon TEXT;          -- kalenderavtale, JSON {adresse, postnummer, poststed}
ALTER TABLE notifikasjon ADD COLUMN er_digitalt INTEGER;    -- kalenderavtale, 0 | 1
-- mineNotifikasjoner: newest first per merkelapp
CREATE INDEX notifikasjon_by_merkelapp_seq ON notifikasjon (merkelapp, event_seq);

-- Keys of oppgaveEndrePaaminnelse and oppdaterKalenderavtale (one space per notification).
CREATE TABLE notifikasjon_oppdatering (
    notifikasjon_id TEXT NOT NULL REFERENCES notifikasjon (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    PRIMARY KEY (notifikasjon_id, idempotency_key)
) STRICT;

-- Keys of nesteStegSak and tilleggsinformasjonSak (one space per sak).
CREATE TABLE sak_oppdatering (
    sak_id          TEXT NOT NULL REFERENCES sak (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    PRIMARY KEY (sak_id, idempotency_key)
) STRICT;

-- The current scheduled hard delete of each aggregate (a notification or a
-- sak): the instant the events carry, merged by their strategy (FORLENG
-- keeps the later, OVERSKRIV replaces). The hard-delete scheduler erases
-- what is due with producer_hard_delete (src/api/producer/hard_delete.h).
CREATE TABLE skedulert_hard_delete (
    aggregate_id TEXT PRIMARY KEY,
    tidspunkt    INTEGER NOT NULL           -- microseconds since the epoch (UTC)
) STRICT;
CREATE INDEX skedulert_hard_delete_by_tidspunkt ON skedulert_hard_delete (tidspunkt, aggregate_id);
