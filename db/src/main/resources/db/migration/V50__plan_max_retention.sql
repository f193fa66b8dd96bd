-- Billing (owned by the billing module): each plan's longest payload retention. A tenant may keep its
-- request payloads (encrypted) for at most this many days; 0 means the plan keeps none.
-- Defaults to the longest number of days among the plan's retention choices.
ALTER TABLE plans ADD COLUMN max_retention_days integer NOT NULL DEFAULT 0 CHECK (max_retention_days BETWEEN 0 AND 3650);
UPDATE plans p SET max_retention_days = coalesce(
    (SELECT max(c::integer) FROM unnest(p.retention_choices) AS c WHERE c ~ '^[0-9]{1,4}$'), 0);
