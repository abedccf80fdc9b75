-- The name search asked PostgreSQL for every name of a word's block (its given-name key or surname stem, in the birth
-- year) and computed the trigram similarity of each to the query: about 5 µs a name, three milliseconds a search at a
-- million persons. It now asks for the names whose keys the matcher finds the same as or SIMILAR to the words, and
-- finds those keys in memory, among the index's distinct keys: this vocabulary. A statement-level trigger on
-- person_name adds the keys a statement brings (COPY and INSERT ... SELECT of the archive's bulk and the background
-- keying included); the registry reads the rows with a higher id than it has seen (and the ids it has not seen yet
-- below that: a transaction may commit after a later one).
-- No unique constraint: a transaction that inserted a new key would make every other one bringing the same key wait
-- for its commit, and two registrations bringing two new names in opposite orders deadlocked (measured: the
-- benchmark's first births). Two statements bringing one new key at once both add it; the registry reads it once.
CREATE TABLE name_key (
    id   BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('GIVEN', 'STEM', 'PATRONYMIC')),
    key  TEXT NOT NULL
);
CREATE INDEX name_key_kind_key ON name_key (kind, key);

INSERT INTO name_key (kind, key)
SELECT kind, key FROM (SELECT DISTINCT 'GIVEN' AS kind, key_given AS key FROM person_name
                       UNION SELECT DISTINCT 'STEM', key_stem FROM person_name
                       UNION SELECT DISTINCT 'PATRONYMIC', key_patronymic FROM person_name) k
WHERE key IS NOT NULL AND key <> '' ORDER BY kind, key;

-- Only keys not yet known are inserted (so ids are taken by new keys alone).
CREATE FUNCTION name_key_added() RETURNS trigger AS $$
BEGIN
    INSERT INTO name_key (kind, key)
    SELECT DISTINCT k.kind, k.key
    FROM new_names n CROSS JOIN LATERAL (VALUES ('GIVEN', n.key_given), ('STEM', n.key_stem),
                                                ('PATRONYMIC', n.key_patronymic)) AS k(kind, key)
    WHERE k.key IS NOT NULL AND k.key <> ''
      AND NOT EXISTS (SELECT 1 FROM name_key v WHERE v.kind = k.kind AND v.key = k.key);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER name_key_added AFTER INSERT ON person_name REFERENCING NEW TABLE AS new_names
    FOR EACH STATEMENT EXECUTE FUNCTION name_key_added();

-- The search's condition reads the patronymic's key beside the given-name key and the surname stem: the blocks'
-- indexes carry it too, so the search stays an index-only scan.
DROP INDEX person_name_given_born;
DROP INDEX person_name_stem_born;
CREATE INDEX person_name_given_born ON person_name (key_given, birth_date)
    INCLUDE (key_stem, key_patronymic, key_name, sealed, current, person_id, surname, given_name, patronymic);
CREATE INDEX person_name_stem_born ON person_name (key_stem, birth_date)
    INCLUDE (key_given, key_patronymic, key_name, sealed, current, person_id, surname, given_name, patronymic);
