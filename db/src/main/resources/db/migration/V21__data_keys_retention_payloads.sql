-- Per-tenant data keys (AES-256-GCM) wrapped by the master key; destroying a tenant's key
-- (crypto-shredding) makes every payload stored for it unreadable, while usage and audit metadata stay.
CREATE TABLE tenant_data_keys (
    tenant_id     uuid PRIMARY KEY REFERENCES tenants (id),
    wrapped_key   bytea,
    master_key_id text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    rewrapped_at  timestamptz,
    destroyed_at  timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- Retention: 'none' keeps only the body's hash (in the audit log); 'encrypted' keeps request and
-- response bodies encrypted with the tenant's data key for retention_days.
ALTER TABLE tenants ADD COLUMN retention text NOT NULL DEFAULT 'none' CHECK (retention IN ('none', 'encrypted'));
ALTER TABLE tenants ADD COLUMN retention_days int CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650);
ALTER TABLE tenants ADD COLUMN deleted_at timestamptz;

CREATE TABLE stored_payloads (
    tenant_id   uuid        NOT NULL,
    request_id  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    request_ct  bytea       NOT NULL,
    response_ct bytea       NOT NULL,
    PRIMARY KEY (tenant_id, request_id)
);
CREATE INDEX stored_payloads_expiry ON stored_payloads (expires_at);

-- Idempotency-Key: the first answer to a key, replayed for 24 h (the body is encrypted with the tenant's key).
CREATE TABLE idempotency_keys (
    tenant_id       uuid        NOT NULL,
    key             text        NOT NULL,
    request_hash    text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('in_progress', 'done')),
    response_status int,
    content_type    text,
    response_ct     bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
