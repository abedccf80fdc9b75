-- Citizens' SMS, office mail and reminders. A message knows the application and the office it is about, so that an
-- office's staff see their own office's messages and a citizen their own; a reminder is a message queued for later.
ALTER TABLE message
    ADD COLUMN office         TEXT,
    ADD COLUMN application_id UUID,
    ADD COLUMN segments       INT;
CREATE INDEX message_subject ON message (subject, created_at DESC, id DESC);
CREATE INDEX message_office ON message (office, created_at DESC, id DESC) WHERE office IS NOT NULL;
CREATE INDEX message_application ON message (application_id) WHERE application_id IS NOT NULL;

-- An SMS's segments as the SMSC took them: its message id for each (null while a submit's answer is unknown), and the
-- receipt's final state. A retry submits only the segments not yet taken, with the same concatenation reference.
CREATE TABLE sms_segment (
    message_id    UUID        NOT NULL REFERENCES message (id),
    seq           INT         NOT NULL,
    smsc_id       TEXT,
    recipient     TEXT        NOT NULL,
    state         TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    receipt_at    TIMESTAMPTZ,
    PRIMARY KEY (message_id, seq)
);
CREATE UNIQUE INDEX sms_segment_smsc_id ON sms_segment (smsc_id) WHERE smsc_id IS NOT NULL;
CREATE INDEX sms_segment_unknown ON sms_segment (recipient, submitted_at) WHERE state = 'UNKNOWN';

-- A receipt that came before its submit's answer was recorded (an SMSC may be that fast): kept until the segment is.
CREATE TABLE sms_receipt (
    smsc_id      TEXT PRIMARY KEY,
    recipient    TEXT        NOT NULL,
    state        TEXT        NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL
);

-- Whom to tell when a subscription's endpoint is disabled (its agency's admin).
ALTER TABLE subscription ADD COLUMN contact_email TEXT;
