-- owner: tenant-admin (both tables).
-- 1. Why a person did something drastic (suspending a tenant, rotating a key with no grace period): the reason they typed
--    when confirming, kept with the action's audit record and covered by its hash (AuditChain hashes the field only
--    when it is set, so every record written before this column keeps its hash).
ALTER TABLE audit_log ADD COLUMN reason text;

-- 2. The language a member chose for the console and for the mail sent to them (null: follow the browser's
--    Accept-Language). Only the console's languages are allowed.
ALTER TABLE console_users ADD COLUMN language text CHECK (language IN ('en', 'zh-CN'));
