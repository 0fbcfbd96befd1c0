-- Only notifications of a sak are looked up by it (every such query says
-- sak_nr = ?, which implies the index's condition on both databases): one
-- b-tree fewer written by each create outside a sak.
DROP INDEX bruker_notifikasjon_by_sak;
CREATE INDEX bruker_notifikasjon_by_sak ON bruker_notifikasjon (sak_nr, tidslinje_us)
    WHERE sak_nr IS NOT NULL;
