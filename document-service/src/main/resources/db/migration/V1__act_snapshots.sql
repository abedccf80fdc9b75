-- The acts this service issues certificates for, as the registry published them (a projection).
CREATE TABLE act_snapshot (
    act_id               UUID PRIMARY KEY,
    version              INT         NOT NULL,
    type                 TEXT        NOT NULL,
    registration_number  TEXT        NOT NULL,
    office               TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    act                  JSONB       NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
