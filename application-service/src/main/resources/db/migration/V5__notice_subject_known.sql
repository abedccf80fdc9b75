-- Whether the registry knew the notice's mother (or deceased) when it came: false is a notice for someone the
-- registry has never seen, kept and listed for the office; null when the registry did not answer.
ALTER TABLE medical_notice ADD COLUMN subject_known BOOLEAN;
CREATE INDEX medical_notice_unknown_subject ON medical_notice (office, received_at) WHERE subject_known = FALSE;
