-- Tenant-admin (owns api_keys): what a key may read besides calling models. Keys on every model keep
-- reading the tenant's usage and audit trail; keys scoped to some models lose both (a key given to one
-- service for one model must not read everything the tenant did) until a new key is issued with them.
ALTER TABLE api_keys ADD COLUMN permissions text[] NOT NULL DEFAULT '{usage:read,audit:read}'
    CHECK (permissions <@ '{usage:read,audit:read}'::text[]);
UPDATE api_keys SET permissions = '{}' WHERE cardinality(models) > 0;

-- Platform-api's request ledger: Idempotency-Key is scoped per API key, so a replay answers only the key
-- that made the request (another key of the tenant, perhaps scoped to other models, runs its own).
-- Rows written before this change are no longer matched; they expire within the 24-hour window.
ALTER TABLE idempotency_keys ADD COLUMN key_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE idempotency_keys ALTER COLUMN key_id DROP DEFAULT;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, key_id, key);
