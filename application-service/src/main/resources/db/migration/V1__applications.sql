CREATE TABLE application (
    id                     UUID PRIMARY KEY,
    service                TEXT        NOT NULL,
    status                 TEXT        NOT NULL,
    applicant_national_id  TEXT        NOT NULL,
    office                 TEXT        NOT NULL,
    submitted_by           TEXT        NOT NULL,
    submitted_at           TIMESTAMPTZ NOT NULL,
    details                JSONB       NOT NULL,
    version                INT         NOT NULL
);
CREATE INDEX application_applicant ON application (applicant_national_id, submitted_at DESC, id DESC);
CREATE INDEX application_office ON application (office, submitted_at DESC, id DESC);

-- Every transition of an application: who, when, why.
CREATE TABLE application_status_change (
    application_id UUID        NOT NULL REFERENCES application (id),
    seq            INT         NOT NULL,
    status         TEXT        NOT NULL,
    changed_by     TEXT        NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    reason         TEXT,
    PRIMARY KEY (application_id, seq)
);
