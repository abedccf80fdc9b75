-- Search: every name a person has had (current and former, e.g. a maiden name), as folded keys (see NameKeys):
-- one spelling for every script and transliteration. Names an adoption replaced are sealed: only archivists find by
-- them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The plain name index is superseded by the search keys below (and its name is the new table's).
DROP INDEX person_name;

CREATE TABLE person_name (
    id             BIGSERIAL PRIMARY KEY,
    person_id      UUID        NOT NULL REFERENCES person (id),
    surname        TEXT        NOT NULL,
    given_name     TEXT        NOT NULL,
    patronymic     TEXT,
    key_given      TEXT        NOT NULL,
    key_surname    TEXT        NOT NULL,
    key_stem       TEXT        NOT NULL,
    key_patronymic TEXT,
    -- given name, surname and patronymic keys in one text, for trigram similarity (typos, other forms)
    key_name       TEXT        NOT NULL,
    current        BOOLEAN     NOT NULL,
    sealed         BOOLEAN     NOT NULL DEFAULT false,
    since          TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_name_trgm ON person_name USING gin (key_name gin_trgm_ops);
CREATE INDEX person_name_keys ON person_name (key_given, key_stem);
CREATE INDEX person_name_person ON person_name (person_id);
CREATE INDEX person_birth_date ON person (birth_date);

-- Registrations held as potential duplicates, and the back office's decisions. The fingerprint is the registration
-- as sent: the same registration sent again finds its decision.
CREATE TABLE duplicate_review (
    id            UUID PRIMARY KEY,
    fingerprint   TEXT        NOT NULL,
    office        TEXT        NOT NULL,
    act_type      TEXT        NOT NULL,
    registration  JSONB       NOT NULL,
    candidates    JSONB       NOT NULL,
    status        TEXT        NOT NULL,
    requested_by  TEXT        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL,
    decided_by    TEXT,
    decided_at    TIMESTAMPTZ,
    reason        TEXT,
    duplicate_of  TEXT
);
CREATE UNIQUE INDEX duplicate_review_pending ON duplicate_review (fingerprint) WHERE status = 'PENDING';
CREATE INDEX duplicate_review_fingerprint ON duplicate_review (fingerprint, decided_at);
CREATE INDEX duplicate_review_queue ON duplicate_review (office, status, requested_at, id);

-- The persons a staff search showed, beside its audit entry: a citizen's access log lists them.
CREATE TABLE audit_hit (
    person_id UUID NOT NULL,
    audit_id  UUID NOT NULL,
    PRIMARY KEY (person_id, audit_id)
);

-- Act search by the names of any party: act_party already says who is in which act.
CREATE INDEX act_type_office_date ON act (type, office, event_date);

-- The paper archive in bulk: an import and its lines, staged with COPY, each line's outcome kept.
CREATE TABLE import_job (
    id           UUID PRIMARY KEY,
    format       TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    created_by   TEXT        NOT NULL,
    caller       JSONB       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    lines        INT         NOT NULL
);
CREATE TABLE import_line (
    import_id UUID    NOT NULL REFERENCES import_job (id),
    line      INT     NOT NULL,
    payload   JSONB,
    status    TEXT    NOT NULL,
    code      TEXT,
    detail    TEXT,
    act_id    UUID,
    review_id UUID,
    PRIMARY KEY (import_id, line)
);
CREATE INDEX import_line_pending ON import_line (import_id, line) WHERE status = 'PENDING';
