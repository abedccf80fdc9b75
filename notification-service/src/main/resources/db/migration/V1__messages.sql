-- The delivery log: one message per event and recipient. Real SMS, e-mail and webhook delivery
-- (with attempts, retries and parking) come with the notifications issue; for now the channel is LOG.
CREATE TABLE message (
    id           UUID PRIMARY KEY,
    event_id     TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    subject      TEXT,
    recipient    TEXT        NOT NULL,
    channel      TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    body         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, recipient, channel)
);
CREATE INDEX message_created ON message (created_at DESC, id DESC);
