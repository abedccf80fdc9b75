-- Every version of the projected acts: a certificate is printed from the current one; versions an adoption sealed
-- are refused.
CREATE TABLE act_snapshot_version (
    act_id      UUID    NOT NULL,
    version     INT     NOT NULL,
    status      TEXT    NOT NULL,
    sealed      BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (act_id, version)
);
ALTER TABLE act_snapshot ADD COLUMN registration_date DATE;
ALTER TABLE act_snapshot ADD COLUMN registered_by TEXT;
-- National ids of everyone the act names (subjects and parents): whose certificates a citizen may list.
ALTER TABLE act_snapshot ADD COLUMN national_ids TEXT[] NOT NULL DEFAULT '{}';

-- The keys that sign tokens and status lists. A key is never deleted: certificates do not expire.
CREATE TABLE signing_key (
    kid          TEXT PRIMARY KEY,
    generation   INT UNIQUE,
    public_key   BYTEA       NOT NULL,
    private_key  BYTEA,
    source       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A certificate's place in the status list (IETF Token Status List: 2 bits each).
CREATE SEQUENCE certificate_status_index START 0 MINVALUE 0;

CREATE TABLE certificate (
    id              UUID PRIMARY KEY,
    act_id          UUID        NOT NULL,
    act_version     INT         NOT NULL,
    application_id  UUID,
    kind            TEXT        NOT NULL,
    certificate_type TEXT       NOT NULL,
    medium          TEXT        NOT NULL,
    office          TEXT        NOT NULL,
    registration_number TEXT    NOT NULL,
    blank_series    TEXT,
    blank_number    INT,
    status_index    BIGINT      NOT NULL UNIQUE,
    status          TEXT        NOT NULL DEFAULT 'VALID',
    revoked_reason  TEXT,
    revoked_at      TIMESTAMPTZ,
    national_ids    TEXT[]      NOT NULL,
    token           TEXT        NOT NULL,
    qr_version      INT         NOT NULL,
    pdf             BYTEA       NOT NULL,
    issued_by       TEXT        NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    CHECK (status IN ('VALID', 'REVOKED')),
    CHECK (revoked_reason IS NULL OR revoked_reason IN ('SUPERSEDED', 'ANNULLED', 'BLANK_SPOILED')),
    CHECK ((medium = 'PAPER') = (blank_series IS NOT NULL))
);
CREATE INDEX certificate_act ON certificate (act_id);
CREATE INDEX certificate_office ON certificate (office, issued_at DESC, id DESC);
CREATE INDEX certificate_national_ids ON certificate USING gin (national_ids);
-- One certificate per application that asked for one (the automatic issue on REGISTERED or APPROVED).
CREATE UNIQUE INDEX certificate_application ON certificate (application_id) WHERE application_id IS NOT NULL;
-- One valid first certificate per act version: two issued at once, one wins and the other's blank goes back.
CREATE UNIQUE INDEX certificate_first_per_version ON certificate (act_id, act_version)
    WHERE kind = 'CERTIFICATE' AND status = 'VALID';
-- Any change of a status moves this on, so a cached status list knows it is stale.
CREATE SEQUENCE certificate_status_change;

-- Strictly accounted blanks: one row per numbered blank, in the national stock (office NULL) or an office's.
CREATE TABLE blank (
    series           TEXT NOT NULL,
    number           INT  NOT NULL,
    certificate_type TEXT NOT NULL,
    office           TEXT,
    state            TEXT NOT NULL DEFAULT 'FREE',
    certificate_id   UUID,
    PRIMARY KEY (series, number),
    CHECK (state IN ('FREE', 'ISSUED', 'SPOILED'))
);
CREATE INDEX blank_free ON blank (office, certificate_type, series, number) WHERE state = 'FREE';

-- The journal: every movement of blanks, by holder ('STOCK' or an office code).
CREATE TABLE blank_movement (
    id               BIGSERIAL PRIMARY KEY,
    at               TIMESTAMPTZ NOT NULL,
    holder           TEXT        NOT NULL,
    kind             TEXT        NOT NULL,
    series           TEXT        NOT NULL,
    number_from      INT         NOT NULL,
    number_to        INT         NOT NULL,
    count            INT         NOT NULL,
    certificate_type TEXT        NOT NULL,
    certificate_id   UUID,
    counterpart      TEXT,
    reason           TEXT,
    actor            TEXT        NOT NULL,
    CHECK (kind IN ('RECEIVED', 'TRANSFERRED_IN', 'TRANSFERRED_OUT', 'ISSUED', 'SPOILED'))
);
CREATE INDEX blank_movement_holder ON blank_movement (holder, at);

-- A certificate an application is owed (REGISTERED, or an approved repeat certificate or extract) that could not be
-- issued yet: its act not projected here yet, or no free blank in the office. Tried again until issued.
CREATE TABLE certificate_request (
    application_id      UUID PRIMARY KEY,
    act_id              UUID,
    registration_number TEXT,
    kind                TEXT        NOT NULL,
    office              TEXT        NOT NULL,
    waiting_for         TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempted_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX act_snapshot_registration_number ON act_snapshot (registration_number);
