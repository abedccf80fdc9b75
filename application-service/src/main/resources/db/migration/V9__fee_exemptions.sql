-- An applicant category that owes no fee (the catalogue's feeExemptions), claimed when applying, with its proof.
ALTER TABLE application ADD COLUMN fee_exemption TEXT;
ALTER TABLE application ADD COLUMN fee_exemption_document TEXT;
