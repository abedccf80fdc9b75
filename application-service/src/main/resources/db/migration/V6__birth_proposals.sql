-- The birth that starts itself: a live-birth notice whose mother the registry knows becomes an application proposed
-- to her (status PROPOSED); what Sabt proposed (the notice, the husband presumed the father) is kept with it.
ALTER TABLE application ADD COLUMN proposal JSONB;
ALTER TABLE medical_notice ADD COLUMN proposal_id UUID;
CREATE UNIQUE INDEX medical_notice_proposal ON medical_notice (proposal_id) WHERE proposal_id IS NOT NULL;
