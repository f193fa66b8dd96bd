-- Signed checkpoints of each tenant's audit chain head. The Ed25519 key that signs them is kept
-- outside the database (DATA_DIR/secrets/audit-signing-key or LMAAS_AUDIT_SIGNING_KEY), so whoever
-- controls the database can rewrite the chain consistently but cannot sign a checkpoint for the
-- rewritten hashes; a tenant holding an older checkpoint proves the rewrite.
CREATE TABLE audit_checkpoints (
    tenant_id  uuid        NOT NULL,
    seq        bigint      NOT NULL,
    hash       bytea       NOT NULL,
    signed_at  timestamptz NOT NULL,
    key_id     text        NOT NULL,
    signature  bytea       NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
