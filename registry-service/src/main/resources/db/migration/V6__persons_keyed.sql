-- The background keying of persons loaded straight into PostgreSQL looked for them with an anti-join of every person
-- against person_name: seconds at a million persons, at every pass, growing with the index. Each person now says
-- whether its names are keyed; what the registry writes is (it writes the keys in the same transaction), what a bulk
-- load writes is not (the default), and the pass finds those through a partial index as small as what waits.
ALTER TABLE person ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT false;
UPDATE person p SET keyed = true WHERE EXISTS (SELECT 1 FROM person_name n WHERE n.person_id = p.id);
-- In (created_at, id) order, which no other index gives: the planner takes this index even when its statistics are
-- stale (autovacuum off), where an index on id alone lost to the primary key's scan of every person.
CREATE INDEX person_unkeyed ON person (created_at, id) WHERE NOT keyed;
-- Nothing looks persons up by birth date alone (search and the duplicate matcher read person_name's keys with the
-- date): one index fewer for every person entered.
DROP INDEX person_birth_date;
