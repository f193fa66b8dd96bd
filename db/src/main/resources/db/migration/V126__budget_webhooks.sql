-- owner: billing. Where a tenant wants its budget alerts POSTed, and the durable outbox of those deliveries
-- (retried with back-off until delivered or given up). The signing secret is not stored: it is derived from
-- the tenant's data key and secret_version (rotation bumps the version; deleting the tenant shreds it).
CREATE TABLE budget_webhooks (
    tenant_id      uuid        PRIMARY KEY,
    url            text        NOT NULL CHECK (length(url) <= 2048),
    secret_version int         NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE budget_webhooks IS 'owner: billing';

CREATE TABLE budget_webhook_deliveries (
    id              bigserial   PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    event_id        text        NOT NULL UNIQUE,
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
COMMENT ON TABLE budget_webhook_deliveries IS 'owner: billing';
CREATE INDEX budget_webhook_deliveries_due ON budget_webhook_deliveries (next_attempt_at) WHERE status = 'pending';
