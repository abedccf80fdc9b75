-- Fees paid electronically (a portal's payment provider's reference), and the waiting period a supervisor shortened.
ALTER TABLE application
    ADD COLUMN fee_paid_reference    TEXT,
    ADD COLUMN fee_paid_minor_units  BIGINT,
    ADD COLUMN fee_paid_at           TIMESTAMPTZ,
    ADD COLUMN waiting_shortened_to  DATE,
    ADD COLUMN waiting_decision      JSONB;

-- Marriage ceremonies: a slot (office, hall, start) is held by one application for a while, then booked once the
-- partner confirms and the fee is paid. The partial unique index is what makes two couples unable to hold the same
-- slot, even at the same instant: the second insert waits for the first and fails.
CREATE TABLE ceremony_booking (
    id                    UUID PRIMARY KEY,
    application_id        UUID        NOT NULL REFERENCES application (id),
    office                TEXT        NOT NULL,
    hall                  TEXT        NOT NULL,
    starts_at             TIMESTAMPTZ NOT NULL,
    status                TEXT        NOT NULL,
    held_by               TEXT        NOT NULL,
    held_until            TIMESTAMPTZ NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    partner_national_id   TEXT,
    partner_confirmed_at  TIMESTAMPTZ,
    partner_phone         TEXT,
    partner_email         TEXT,
    partner_language      TEXT,
    booked_at             TIMESTAMPTZ,
    ended_at              TIMESTAMPTZ
);
CREATE UNIQUE INDEX ceremony_slot_taken ON ceremony_booking (office, hall, starts_at) WHERE status IN ('HELD', 'BOOKED');
CREATE UNIQUE INDEX ceremony_one_per_application ON ceremony_booking (application_id) WHERE status IN ('HELD', 'BOOKED');
CREATE INDEX ceremony_office_day ON ceremony_booking (office, starts_at) WHERE status IN ('HELD', 'BOOKED');
CREATE INDEX ceremony_holds ON ceremony_booking (held_until) WHERE status = 'HELD';
