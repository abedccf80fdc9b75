-- Notices of births, stillbirths and deaths from the health ministry, as it sent them (our JSON or a FHIR document),
-- one per ministry notice id (a correction replaces it and counts), matched to the applications that cite their
-- medical certificate.
CREATE TABLE medical_notice (
    id                          UUID PRIMARY KEY,
    notice_id                   TEXT        NOT NULL UNIQUE,
    kind                        TEXT        NOT NULL,
    medical_certificate_number  TEXT        NOT NULL,
    facility_code               TEXT,
    facility_name               TEXT,
    office                      TEXT        NOT NULL,
    event_date                  DATE        NOT NULL,
    subject_national_id         TEXT,
    subject_surname             TEXT        NOT NULL,
    subject_given_name          TEXT        NOT NULL,
    subject_patronymic          TEXT,
    child_sex                   TEXT,
    weight_grams                INT,
    cause_of_death_code         TEXT,
    format                      TEXT        NOT NULL,
    received_by                 TEXT        NOT NULL,
    received_at                 TIMESTAMPTZ NOT NULL,
    corrections                 INT         NOT NULL DEFAULT 0,
    corrected_at                TIMESTAMPTZ,
    application_id              UUID,
    matched_at                  TIMESTAMPTZ
);
CREATE INDEX medical_notice_certificate ON medical_notice (medical_certificate_number);
CREATE INDEX medical_notice_unmatched ON medical_notice (office, received_at) WHERE application_id IS NULL;
