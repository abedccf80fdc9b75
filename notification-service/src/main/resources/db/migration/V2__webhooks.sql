-- Agencies' webhook subscriptions (Standard Webhooks) and the delivery of every message with its attempts.
CREATE TABLE subscription (
    id                    UUID PRIMARY KEY,
    client_id             TEXT        NOT NULL,
    agency                TEXT        NOT NULL,
    url                   TEXT        NOT NULL,
    event_types           TEXT[]      NOT NULL,
    ordered               BOOLEAN     NOT NULL DEFAULT FALSE,
    secret                TEXT        NOT NULL,
    previous_secret       TEXT,
    previous_secret_until TIMESTAMPTZ,
    status                TEXT        NOT NULL,
    disabled_reason       TEXT,
    failing_since         TIMESTAMPTZ,
    created_by            TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX subscription_active ON subscription (status) WHERE status = 'ACTIVE';

-- A message is also its delivery: its state, its next attempt (a row, claimed with FOR UPDATE SKIP LOCKED, so a
-- restart loses nothing and two instances never send the same attempt), and every attempt made.
ALTER TABLE message
    ADD COLUMN subscription_id  UUID REFERENCES subscription (id),
    ADD COLUMN ordering_key     TEXT,
    ADD COLUMN attempts         INT         NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  TIMESTAMPTZ,
    ADD COLUMN updated_at       TIMESTAMPTZ,
    ADD COLUMN last_error       TEXT;
CREATE INDEX message_due ON message (next_attempt_at) WHERE status IN ('QUEUED', 'FAILED');
CREATE INDEX message_subscription ON message (subscription_id, created_at) WHERE subscription_id IS NOT NULL;

CREATE TABLE message_attempt (
    id           BIGSERIAL PRIMARY KEY,
    message_id   UUID        NOT NULL REFERENCES message (id),
    attempt      INT         NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    status_code  INT,
    latency_ms   INT         NOT NULL,
    outcome      TEXT        NOT NULL,
    answer       TEXT
);
CREATE INDEX message_attempt_message ON message_attempt (message_id, attempt);
