-- No producer query reads notifications by organisation (the user API keeps
-- its own tables); the index only cost every create a page write.
DROP INDEX notifikasjon_by_virksomhet;
