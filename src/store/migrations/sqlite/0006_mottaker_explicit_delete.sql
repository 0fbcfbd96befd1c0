-- A notification's recipients go with it by an explicit delete (the producer
-- read model's hard delete and reset), not by a foreign key: on PostgreSQL the
-- key's check locked the parent row on every create, a third of the mottaker
-- insert's time. SQLite keeps the rows in their primary key's own tree
-- (WITHOUT ROWID; PostgreSQL has no such clause and drops it): one b-tree
-- written per recipient instead of two.
CREATE TABLE mottaker_ny (
    notifikasjon_id   TEXT NOT NULL,
    pos               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    a                 TEXT,
    b                 TEXT,
    virksomhetsnummer TEXT NOT NULL,
    PRIMARY KEY (notifikasjon_id, pos)
) STRICT, WITHOUT ROWID;
INSERT INTO mottaker_ny (notifikasjon_id, pos, kind, a, b, virksomhetsnummer)
    SELECT notifikasjon_id, pos, kind, a, b, virksomhetsnummer FROM mottaker;
DROP TABLE mottaker;
ALTER TABLE mottaker_ny RENAME TO mottaker;
