-- The blocks' indexes carry what the search, the duplicate check and the archive's bulk read of a name row, so that
-- PostgreSQL answers them from the index alone (an index-only scan, where the visibility map says the rows are
-- visible: autovacuum keeps it, and a bulk load is followed by VACUUM) instead of one heap page per name row: a
-- name search at a million persons read over a thousand scattered pages.
DROP INDEX person_name_given_born;
DROP INDEX person_name_stem_born;
CREATE INDEX person_name_given_born ON person_name (key_given, birth_date)
    INCLUDE (key_stem, key_name, sealed, current, person_id, surname, given_name, patronymic);
CREATE INDEX person_name_stem_born ON person_name (key_stem, birth_date)
    INCLUDE (key_given, key_name, sealed, current, person_id, surname, given_name, patronymic);
