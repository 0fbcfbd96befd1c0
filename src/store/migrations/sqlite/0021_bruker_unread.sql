-- The unread count (src/api/user/rows.c) walks the person's notifications
-- newer than their last read that are not done: an index of only those
-- rows, with what the count filters on, so the walk reads no done rows.
CREATE INDEX bruker_synlig_uleste ON bruker_synlig (fnr, sortering_us, refs_nl, ferdig)
    WHERE ferdig = 0;

