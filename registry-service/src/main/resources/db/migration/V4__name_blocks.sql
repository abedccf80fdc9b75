-- Name search at a million persons: a query's candidates are the names sharing its given-name key or its surname
-- stem (a block, as record linkage calls it), born in the asked range. Each name row keeps its person's birth date
-- so that one index serves name and date together; triggers keep it equal to the person's.
ALTER TABLE person_name ADD COLUMN birth_date DATE;
UPDATE person_name n SET birth_date = p.birth_date FROM person p WHERE p.id = n.person_id;

CREATE FUNCTION person_name_birth_date() RETURNS trigger AS $$
BEGIN
    SELECT p.birth_date INTO NEW.birth_date FROM person p WHERE p.id = NEW.person_id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
-- Bulk writers give the birth date themselves; a name written without it looks it up.
CREATE TRIGGER person_name_birth_date BEFORE INSERT ON person_name
    FOR EACH ROW WHEN (NEW.birth_date IS NULL) EXECUTE FUNCTION person_name_birth_date();

CREATE FUNCTION person_birth_date_to_names() RETURNS trigger AS $$
BEGIN
    UPDATE person_name SET birth_date = NEW.birth_date WHERE person_id = NEW.id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER person_birth_date_to_names AFTER UPDATE OF birth_date ON person
    FOR EACH ROW WHEN (OLD.birth_date IS DISTINCT FROM NEW.birth_date) EXECUTE FUNCTION person_birth_date_to_names();

-- The trigram index answered "similar to the whole name" by reading the posting lists of its commonest trigrams
-- (hundreds of thousands of rows at a million persons); the blocks replace it.
DROP INDEX person_name_trgm;
DROP INDEX person_name_keys;
CREATE INDEX person_name_given_born ON person_name (key_given, birth_date);
CREATE INDEX person_name_stem_born ON person_name (key_stem, birth_date);
-- The archive's bulk births ask for anyone born within three days whose names are alike.
CREATE INDEX person_name_born ON person_name (birth_date);
