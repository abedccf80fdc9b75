-- The duplicate matcher's third block (born the same day, given name and surname beginning with the same letters)
-- read every name born that day and filtered them; this index answers the block itself, and serves lookups by birth
-- date alone as the plain index did.
DROP INDEX person_name_born;
CREATE INDEX person_name_born_initials ON person_name (birth_date, left(key_given, 1), left(key_surname, 1));
