-- owner: tenant-admin. Why a person did something drastic (suspending a tenant, rotating a key with no grace period):
-- the reason they typed when confirming, kept with the action's audit record and covered by its hash (AuditChain hashes
-- the field only when it is set, so every record written before this column keeps its hash).
ALTER TABLE audit_log ADD COLUMN reason text;
