-- The audit chain is sealed after commit, not under a lock held by every audited transaction: an entry is written
-- with its fields only (and noted as unsealed), and one sealer at a time links the committed entries into the chain
-- in audit_seal. The rows chained so far keep their hashes, copied as the chain's first seals.
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;

CREATE TABLE audit_seal (
    position  BIGSERIAL PRIMARY KEY,
    audit_seq BIGINT NOT NULL UNIQUE REFERENCES audit_log (seq),
    prev_hash TEXT   NOT NULL,
    hash      TEXT   NOT NULL
);
INSERT INTO audit_seal (audit_seq, prev_hash, hash) SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq;
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- The entries committed but not yet chained: what the sealer reads (small, whatever the log's size).
CREATE TABLE audit_unsealed (
    seq BIGINT PRIMARY KEY
);
