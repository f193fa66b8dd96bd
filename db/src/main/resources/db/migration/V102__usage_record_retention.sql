-- Owner: billing (plans, usage ledger); issue 20. How long a plan keeps raw usage records (one row per
-- request). NULL keeps them forever (as before). Older records are deleted daily, month partitions
-- left empty are dropped; the hourly and daily aggregates are never touched, so usage reports,
-- statements and reconciliation keep every month. At least 40 days: the billing month closes and
-- the daily reconciliation with Stripe has run before a record can go.
ALTER TABLE plans ADD COLUMN usage_record_retention_days integer
    CHECK (usage_record_retention_days IS NULL OR usage_record_retention_days BETWEEN 40 AND 36500);
