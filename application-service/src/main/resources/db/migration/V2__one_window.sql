-- The one window: the application's life, deadlines, claims, inter-agency tasks and the registration saga.

ALTER TABLE application RENAME COLUMN details TO form;
UPDATE application SET service = 'REGISTER_BIRTH' WHERE service NOT IN ('REGISTER_BIRTH', 'REGISTER_DEATH',
    'REGISTER_MARRIAGE', 'REGISTER_DIVORCE', 'ESTABLISH_PATERNITY', 'REGISTER_ADOPTION', 'CHANGE_NAME',
    'REPEAT_CERTIFICATE', 'ARCHIVE_EXTRACT', 'CORRECT_RECORD');

ALTER TABLE application
    ADD COLUMN applicant_name         TEXT,
    ADD COLUMN contact_phone          TEXT,
    ADD COLUMN contact_email          TEXT,
    ADD COLUMN contact_language       TEXT        NOT NULL DEFAULT 'tg',
    -- national ids of those who may follow the application: the applicant, and a birth form's parents
    ADD COLUMN party_national_ids     TEXT[]      NOT NULL DEFAULT '{}',
    ADD COLUMN walk_in                BOOLEAN     NOT NULL DEFAULT false,
    ADD COLUMN documents_seen         JSONB       NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN accepted_at            TIMESTAMPTZ,
    ADD COLUMN deadline               DATE,
    ADD COLUMN paused_working_days    INT         NOT NULL DEFAULT 0,
    ADD COLUMN returned_on            DATE,
    ADD COLUMN return_reason          TEXT,
    ADD COLUMN closed_at              TIMESTAMPTZ,
    ADD COLUMN overdue_announced_at   TIMESTAMPTZ,
    ADD COLUMN assigned_to            TEXT,
    ADD COLUMN assigned_at            TIMESTAMPTZ,
    ADD COLUMN review_round           INT         NOT NULL DEFAULT 0,
    ADD COLUMN act_id                 UUID,
    ADD COLUMN registration_number    TEXT,
    ADD COLUMN act_version            INT,
    ADD COLUMN registration_state     TEXT,
    ADD COLUMN registration_attempts  INT         NOT NULL DEFAULT 0,
    ADD COLUMN next_registration_at   TIMESTAMPTZ,
    ADD COLUMN registration_error     TEXT,
    ADD COLUMN registry_refusal_code  TEXT,
    ADD COLUMN registry_refusal_detail TEXT,
    ADD COLUMN rejection_reason       TEXT,
    ADD COLUMN rejection_comment      TEXT,
    ADD COLUMN certificate_id         UUID,
    -- Which work queue the application waits in; the queue's order: deadline (none last), then age.
    ADD COLUMN queue TEXT GENERATED ALWAYS AS (CASE status WHEN 'SUBMITTED' THEN 'TO_ACCEPT'
        WHEN 'ACCEPTED' THEN 'TO_REVIEW' WHEN 'IN_REVIEW' THEN 'TO_REVIEW' END) STORED,
    ADD COLUMN due DATE GENERATED ALWAYS AS (COALESCE(deadline, DATE '9999-12-31')) STORED;

UPDATE application SET party_national_ids = ARRAY[applicant_national_id];

CREATE INDEX application_queue ON application (office, queue, due, submitted_at, id) WHERE queue IS NOT NULL;
CREATE INDEX application_open_by_deadline ON application (office, due, submitted_at, id)
    WHERE status IN ('ACCEPTED', 'IN_REVIEW', 'APPROVED', 'REGISTERED');
CREATE INDEX application_assigned ON application (assigned_to, due, submitted_at, id) WHERE assigned_to IS NOT NULL;
CREATE INDEX application_parties ON application USING gin (party_national_ids);
CREATE INDEX application_pending_registration ON application (next_registration_at) WHERE registration_state = 'PENDING';
CREATE INDEX application_overdue_unannounced ON application (deadline)
    WHERE overdue_announced_at IS NULL AND status IN ('ACCEPTED', 'IN_REVIEW', 'APPROVED', 'REGISTERED');
CREATE INDEX application_act ON application (act_id) WHERE act_id IS NOT NULL;
CREATE INDEX application_closed ON application (office, closed_at) WHERE status = 'COMPLETED';

ALTER TABLE application_status_change
    ADD COLUMN from_status TEXT,
    ADD COLUMN action      TEXT NOT NULL DEFAULT 'SUBMIT',
    ADD COLUMN request_id  TEXT;

-- An inter-agency check of one review round: answered by the registry (automatically) or by an agency.
CREATE TABLE task (
    id              UUID PRIMARY KEY,
    application_id  UUID        NOT NULL REFERENCES application (id),
    review_round    INT         NOT NULL,
    code            TEXT        NOT NULL,
    answered_by     TEXT        NOT NULL,
    office          TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ,
    detail          TEXT,
    reference       TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    UNIQUE (application_id, review_round, code)
);
CREATE INDEX task_of_application ON task (application_id, review_round);
CREATE INDEX task_for_agency ON task (answered_by, office, created_at, id) WHERE status = 'OPEN';
CREATE INDEX task_registry_retry ON task (next_attempt_at) WHERE status = 'OPEN' AND answered_by = 'registry';
