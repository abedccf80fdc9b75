-- An event is written once and read once by the relay: PostgreSQL compressed every event over about 2 kB as it was
-- inserted (an act's registration event is about 1.8 kB of JSON, a little more as jsonb). Kept inline uncompressed up to
-- a page instead: a third of the outbox insert's time in the archive's bulk births.
ALTER TABLE outbox SET (toast_tuple_target = 8160);
