-- A notification's recipients are read from its identity (the create's own
-- list, which no update changes: src/api/producer/queries.c), so no row per
-- recipient is written: one statement less per create on PostgreSQL (whose
-- foreign-key check also locked the parent row), one b-tree less on SQLite.
DROP TABLE mottaker;
