-- Hand-offs: a registered act handed to each agency entitled to act on it (the ID service, social protection, the
-- polyclinic, the pension fund), and where each stands: SENT, ACKNOWLEDGED, DONE (with the agency's reference) or
-- FAILED (with its reason; it may still be done later). One per application and agency.
CREATE TABLE handoff (
    id                   UUID PRIMARY KEY,
    application_id       UUID        NOT NULL REFERENCES application (id),
    agency               TEXT        NOT NULL,
    service              TEXT        NOT NULL,
    office               TEXT        NOT NULL,
    act_id               UUID,
    registration_number  TEXT,
    status               TEXT        NOT NULL,
    reference            TEXT,
    reason               TEXT,
    failures             INT         NOT NULL DEFAULT 0,
    answered_by          TEXT,
    sent_at              TIMESTAMPTZ NOT NULL,
    acknowledged_at      TIMESTAMPTZ,
    done_at              TIMESTAMPTZ,
    failed_at            TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL,
    UNIQUE (application_id, agency)
);
CREATE INDEX handoff_open ON handoff (office, sent_at) WHERE status <> 'DONE';
CREATE INDEX handoff_agency ON handoff (agency, status, sent_at);
