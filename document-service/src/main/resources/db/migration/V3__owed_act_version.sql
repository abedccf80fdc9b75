-- The act's version an owed certificate must be printed from (a correction's application names the version it made):
-- until the projection has it, the certificate waits, rather than printing the uncorrected act on a blank.
ALTER TABLE certificate_request ADD COLUMN act_version INT;
