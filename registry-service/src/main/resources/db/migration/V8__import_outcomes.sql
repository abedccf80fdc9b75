-- An import's outcomes are counted while it runs (a portal polls GET /api/v1/imports/{id}). Counting import_line by
-- status read every line of the import (a third of a second at 50,000 lines, at every poll, while the worker wrote the
-- same pages). The counts are kept instead, per import and status, by statement-level triggers: each COPY or UPDATE of
-- import_line adds its new lines' statuses and takes away its old ones, in its own transaction, once per statement.
CREATE TABLE import_outcome (
    import_id UUID   NOT NULL,
    status    TEXT   NOT NULL,
    lines     BIGINT NOT NULL,
    PRIMARY KEY (import_id, status)
);

INSERT INTO import_outcome (import_id, status, lines)
SELECT import_id, status, count(*) FROM import_line GROUP BY import_id, status;

CREATE FUNCTION import_outcome_counted() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO import_outcome AS o (import_id, status, lines)
        SELECT import_id, status, -count(*) FROM old_lines GROUP BY import_id, status ORDER BY import_id, status
        ON CONFLICT (import_id, status) DO UPDATE SET lines = o.lines + EXCLUDED.lines;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO import_outcome AS o (import_id, status, lines)
        SELECT import_id, status, count(*) FROM new_lines GROUP BY import_id, status ORDER BY import_id, status
        ON CONFLICT (import_id, status) DO UPDATE SET lines = o.lines + EXCLUDED.lines;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER import_outcome_inserted AFTER INSERT ON import_line REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION import_outcome_counted();
CREATE TRIGGER import_outcome_updated AFTER UPDATE ON import_line REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION import_outcome_counted();
CREATE TRIGGER import_outcome_deleted AFTER DELETE ON import_line REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION import_outcome_counted();
