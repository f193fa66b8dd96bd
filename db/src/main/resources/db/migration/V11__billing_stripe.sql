-- Stripe (owned by the billing module): customers, meter-event outbox, webhook events, alerts, reconciliation.

CREATE TABLE billing_customers (
    tenant_id              uuid PRIMARY KEY REFERENCES tenants (id),
    stripe_customer_id     text NOT NULL UNIQUE,
    subscription_id        text,
    subscription_status    text,
    subscription_state_at  timestamptz,          -- Stripe time of the state applied (out-of-order guard)
    invoice_state_at       timestamptz,          -- Stripe time of the last invoice event applied
    delinquent_since       timestamptz,          -- first unpaid invoice; null when paid up
    suspended_by_billing   boolean NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox: written in the usage transaction, drained to Stripe Billing Meters.
CREATE TABLE meter_outbox (
    identifier          text PRIMARY KEY,        -- the request id: Stripe deduplicates on it
    tenant_id           uuid        NOT NULL,
    stripe_customer_id  text        NOT NULL,
    event_name          text        NOT NULL,
    value               bigint      NOT NULL,
    occurred_at         timestamptz NOT NULL,
    status              text        NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'delivered', 'parked', 'expired')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    last_error          text,
    delivered_at        timestamptz
);
CREATE INDEX meter_outbox_due ON meter_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX meter_outbox_tenant ON meter_outbox (tenant_id, occurred_at);

-- Each webhook event once, by Stripe's event id.
CREATE TABLE stripe_events (
    id           text PRIMARY KEY,
    type         text        NOT NULL,
    created      timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL
);

-- What admins must look at: parked or expired meter events, meter error reports, reconciliation drift.
CREATE TABLE billing_alerts (
    id          bigserial PRIMARY KEY,
    kind        text        NOT NULL,
    tenant_id   uuid,
    message     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_alerts_time ON billing_alerts (created_at DESC);

CREATE TABLE billing_reconciliations (
    day              date   NOT NULL,
    tenant_id        uuid   NOT NULL,
    ledger_tokens    bigint NOT NULL,
    delivered_tokens bigint NOT NULL,
    pending_tokens   bigint NOT NULL,
    failed_tokens    bigint NOT NULL,
    drift_tokens     bigint NOT NULL,
    checked_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, day)
);
