-- The audit log: one hash chain per tenant (the nil uuid holds platform-level events). Each row's
-- hash covers its content and the previous row's hash; audit_chain_heads serialises appends per
-- tenant across replicas (SELECT ... FOR UPDATE) without a global lock.
CREATE TABLE audit_log (
    tenant_id         uuid        NOT NULL,
    seq               bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('api', 'console', 'admin', 'system')),
    action            text        NOT NULL,
    actor_type        text,
    actor_id          text,
    actor_label       text,
    key_id            uuid,
    model             text,
    node_id           text,
    status            int,
    error_code        text,
    prompt_tokens     bigint,
    completion_tokens bigint,
    latency_micros    bigint,
    request_id        text,
    client_address    text,
    user_agent        text,
    body_sha256       text,
    target_type       text,
    target_id         text,
    prev_hash         bytea       NOT NULL,
    hash              bytea       NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_time ON audit_log (occurred_at);
CREATE INDEX audit_log_request ON audit_log (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX audit_log_key ON audit_log (tenant_id, key_id) WHERE key_id IS NOT NULL;

CREATE TABLE audit_chain_heads (
    tenant_id uuid PRIMARY KEY,
    seq       bigint NOT NULL,
    hash      bytea  NOT NULL
);
