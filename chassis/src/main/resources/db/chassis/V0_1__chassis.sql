-- Tables every Sabt service has, owned by the chassis. Service migrations start at V1.

-- Transactional outbox: written in the same transaction as the change, published by the relay.
CREATE TABLE outbox (
    seq           BIGSERIAL PRIMARY KEY,
    id            UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    source        TEXT        NOT NULL,
    aggregate_id  TEXT        NOT NULL,
    subject       TEXT,
    occurred_at   TIMESTAMPTZ NOT NULL,
    payload       JSONB       NOT NULL,
    headers       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    sent_at       TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;

-- Inbox guard: the CloudEvent ids a consumer has already applied.
CREATE TABLE processed_event (
    consumer      TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Idempotency-Key replay: the first response to a POST, stored in the transaction that made it.
CREATE TABLE idempotency_key (
    caller          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    status          INT         NOT NULL,
    body            TEXT,
    headers         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, idempotency_key)
);

-- Append-only, hash-chained audit log: each row's hash covers its fields and the previous hash.
CREATE TABLE audit_log (
    seq           BIGSERIAL PRIMARY KEY,
    id            UUID        NOT NULL UNIQUE,
    at            TIMESTAMPTZ NOT NULL,
    actor         TEXT        NOT NULL,
    actor_office  TEXT,
    action        TEXT        NOT NULL,
    record_type   TEXT        NOT NULL,
    record_id     TEXT        NOT NULL,
    reason        TEXT,
    request_id    TEXT,
    xroad         TEXT        NOT NULL DEFAULT '',
    prev_hash     TEXT        NOT NULL,
    hash          TEXT        NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_id, seq);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
