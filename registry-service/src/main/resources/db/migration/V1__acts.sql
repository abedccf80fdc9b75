-- Acts of civil status. The typed payload of the current version is kept whole; the columns are
-- what queries need.
CREATE TABLE act (
    id                   UUID PRIMARY KEY,
    type                 TEXT        NOT NULL,
    registration_number  TEXT        NOT NULL UNIQUE,
    office               TEXT        NOT NULL,
    registration_date    DATE        NOT NULL,
    event_date           DATE        NOT NULL,
    status               TEXT        NOT NULL,
    version              INT         NOT NULL,
    restored             BOOLEAN     NOT NULL DEFAULT false,
    basis_document       TEXT,
    payload              JSONB       NOT NULL,
    registered_by        TEXT        NOT NULL,
    registered_at        TIMESTAMPTZ NOT NULL
);
-- One medical certificate registers at most one act of its type.
CREATE UNIQUE INDEX act_basis_document_once ON act (type, basis_document) WHERE basis_document IS NOT NULL;
CREATE INDEX act_office_type ON act (office, type, registration_date);

-- Registration numbers: per office, act type and year, gapless because the counter row is
-- incremented in the registering transaction and a rollback undoes it.
CREATE TABLE number_sequence (
    office     TEXT NOT NULL,
    act_type   TEXT NOT NULL,
    year       INT  NOT NULL,
    last_value INT  NOT NULL,
    PRIMARY KEY (office, act_type, year)
);
