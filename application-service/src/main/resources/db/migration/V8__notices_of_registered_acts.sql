-- Births and deaths registered in the registry, by the medical certificate they cite (from sabt.act.registered):
-- a notice of one of them is matched to its act whichever came first, and is not on the outreach list.
CREATE TABLE registered_certificate (
    medical_certificate_number  TEXT        NOT NULL,
    kind                        TEXT        NOT NULL,
    act_id                      UUID        NOT NULL,
    registration_number         TEXT        NOT NULL,
    registered_at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (medical_certificate_number, kind)
);
ALTER TABLE medical_notice ADD COLUMN act_id UUID;
ALTER TABLE medical_notice ADD COLUMN registration_number TEXT;
DROP INDEX medical_notice_unmatched;
CREATE INDEX medical_notice_unmatched ON medical_notice (office, received_at) WHERE application_id IS NULL AND act_id IS NULL;
