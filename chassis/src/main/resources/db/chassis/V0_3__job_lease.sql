-- Background jobs that must run on one instance at a time (when a service runs with several) take a lease here.
CREATE TABLE job_lease (
    name    TEXT PRIMARY KEY,
    holder  TEXT        NOT NULL,
    until   TIMESTAMPTZ NOT NULL
);
