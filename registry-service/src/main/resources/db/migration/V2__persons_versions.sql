-- Paper registration numbers restored by archivists are unique only within their office.
ALTER TABLE act DROP CONSTRAINT act_registration_number_key;
CREATE UNIQUE INDEX act_number_per_office ON act (office, registration_number);
CREATE INDEX act_registration_number ON act (registration_number);

-- Every version of every act, complete, with who changed it, when, why and on what basis. A version an
-- adoption sealed is read only by archivists.
CREATE TABLE act_version (
    act_id          UUID        NOT NULL REFERENCES act (id),
    version         INT         NOT NULL,
    change          TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    reason          TEXT,
    basis_document  JSONB,
    changed_by      TEXT        NOT NULL,
    changed_at      TIMESTAMPTZ NOT NULL,
    caused_by_act   UUID,
    sealed          BOOLEAN     NOT NULL DEFAULT false,
    PRIMARY KEY (act_id, version)
);
CREATE INDEX act_version_caused_by ON act_version (caused_by_act) WHERE caused_by_act IS NOT NULL;

-- The person index: each person once, with the status and marital status their acts give them.
CREATE TABLE person (
    id               UUID PRIMARY KEY,
    surname          TEXT        NOT NULL,
    given_name       TEXT        NOT NULL,
    patronymic       TEXT,
    latin_surname    TEXT,
    latin_given_name TEXT,
    latin_patronymic TEXT,
    latin_scheme     TEXT,
    sex              TEXT        NOT NULL,
    birth_date       DATE,
    place_of_birth   TEXT,
    citizenship      TEXT,
    national_id      TEXT,
    status           TEXT        NOT NULL,
    marital_status   TEXT        NOT NULL,
    date_of_death    DATE,
    birth_act_id     UUID REFERENCES act (id),
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX person_national_id ON person (national_id) WHERE national_id IS NOT NULL;
CREATE INDEX person_name ON person (lower(surname), lower(given_name), birth_date);

-- Links between people made by acts: PARENT and ADOPTER point from the child, SPOUSE runs both ways.
CREATE TABLE person_link (
    id           UUID PRIMARY KEY,
    person_id    UUID    NOT NULL REFERENCES person (id),
    related_id   UUID    NOT NULL REFERENCES person (id),
    kind         TEXT    NOT NULL,
    act_id       UUID    NOT NULL REFERENCES act (id),
    since        DATE    NOT NULL,
    ended_on     DATE,
    end_reason   TEXT,
    ended_by_act UUID REFERENCES act (id),
    sealed       BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX person_link_person ON person_link (person_id, kind);
CREATE INDEX person_link_related ON person_link (related_id, kind);
CREATE INDEX person_link_act ON person_link (act_id);
CREATE INDEX person_link_ended_by ON person_link (ended_by_act) WHERE ended_by_act IS NOT NULL;
-- At most one active marriage per person, whatever races past the rules.
CREATE UNIQUE INDEX person_one_active_marriage ON person_link (person_id) WHERE kind = 'SPOUSE' AND ended_on IS NULL;

-- Which persons each act names, and in which role: a person's acts.
CREATE TABLE act_party (
    act_id    UUID NOT NULL REFERENCES act (id),
    person_id UUID NOT NULL REFERENCES person (id),
    role      TEXT NOT NULL,
    PRIMARY KEY (act_id, person_id, role)
);
CREATE INDEX act_party_person ON act_party (person_id);
