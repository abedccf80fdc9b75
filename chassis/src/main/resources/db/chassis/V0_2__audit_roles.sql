-- The roles the actor acted in, so that a citizen's access log says who (as a role) looked at their record.
ALTER TABLE audit_log ADD COLUMN actor_roles TEXT;
