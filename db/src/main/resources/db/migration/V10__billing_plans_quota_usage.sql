-- Billing (owned by the billing module): plans, monthly quota leases, usage ledger and aggregates.

CREATE TABLE plans (
    id                               text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name                             text    NOT NULL,
    allowed_models                   text[]  NOT NULL DEFAULT '{}',   -- empty = every model
    key_requests_per_minute          integer NOT NULL CHECK (key_requests_per_minute > 0),
    key_tokens_per_minute            bigint  NOT NULL CHECK (key_tokens_per_minute > 0),
    tenant_requests_per_minute       integer NOT NULL CHECK (tenant_requests_per_minute > 0),
    tenant_tokens_per_minute         bigint  NOT NULL CHECK (tenant_tokens_per_minute > 0),
    monthly_token_quota              bigint  NOT NULL CHECK (monthly_token_quota >= 0), -- 0 = unlimited
    max_api_keys                     integer NOT NULL CHECK (max_api_keys > 0),
    max_inputs_per_request           integer NOT NULL CHECK (max_inputs_per_request > 0),
    retention_choices                text[]  NOT NULL DEFAULT '{none}',
    price_micros                     bigint  NOT NULL DEFAULT 0 CHECK (price_micros >= 0),   -- per month
    currency                         text    NOT NULL DEFAULT 'usd',
    stripe_price_id                  text,
    overage_allowed                  boolean NOT NULL DEFAULT false,
    price_per_million_tokens_micros  bigint  NOT NULL DEFAULT 0 CHECK (price_per_million_tokens_micros >= 0),
    updated_at                       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX plans_stripe_price ON plans (stripe_price_id) WHERE stripe_price_id IS NOT NULL;

INSERT INTO plans (id, name, allowed_models, key_requests_per_minute, key_tokens_per_minute,
                   tenant_requests_per_minute, tenant_tokens_per_minute, monthly_token_quota, max_api_keys,
                   max_inputs_per_request, retention_choices, price_micros, overage_allowed,
                   price_per_million_tokens_micros)
VALUES ('free', 'Free', '{all-minilm-l6-v2,all-minilm-l6-v2-q,sentiment}', 20, 20000, 60, 40000, 1000000, 2, 16,
        '{none}', 0, false, 0),
       ('pro', 'Pro', '{}', 600, 1000000, 1200, 2000000, 100000000, 20, 256,
        '{none,7,30}', 20000000, true, 100000),
       ('enterprise', 'Enterprise', '{}', 6000, 10000000, 20000, 40000000, 0, 500, 2048,
        '{none,7,30,90}', 500000000, true, 50000);

UPDATE tenants SET plan_id = 'free' WHERE plan_id NOT IN (SELECT id FROM plans);
ALTER TABLE tenants ADD CONSTRAINT tenants_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (id);

-- The monthly quota ledger: one row per tenant and month, touched once per leased slice (not per request).
-- reserved = tokens consumed + tokens currently leased out to control-plane processes; never above the cap.
CREATE TABLE quota_usage (
    tenant_id   uuid   NOT NULL REFERENCES tenants (id),
    period      date   NOT NULL,               -- first day of the month (UTC)
    reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    last_grant  bigint NOT NULL DEFAULT 0,     -- written by the lease UPDATE so it can return the grant
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, period)
);

-- Control-plane processes alive, so per-process shares of rate limits add up to the plan's limit.
CREATE TABLE billing_instances (
    id         text PRIMARY KEY,
    seen_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per answered request; request_id is unique, so a retried write never bills twice.
CREATE TABLE usage_records (
    request_id        text        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    key_id            uuid,
    model             text        NOT NULL,
    endpoint          text        NOT NULL,
    prompt_tokens     bigint      NOT NULL,
    completion_tokens bigint      NOT NULL,
    inputs            integer     NOT NULL,
    http_status       integer     NOT NULL,
    node_id           text,
    latency_micros    bigint      NOT NULL,
    cost_micros       bigint      NOT NULL,
    currency          text        NOT NULL,
    occurred_at       timestamptz NOT NULL
);
CREATE INDEX usage_records_tenant_time ON usage_records (tenant_id, occurred_at);

CREATE TABLE usage_hourly (
    tenant_id         uuid        NOT NULL,
    hour              timestamptz NOT NULL,
    key_id            uuid        NOT NULL,   -- all-zero uuid when the request had no key
    model             text        NOT NULL,
    requests          bigint      NOT NULL,
    errors            bigint      NOT NULL,
    prompt_tokens     bigint      NOT NULL,
    completion_tokens bigint      NOT NULL,
    inputs            bigint      NOT NULL,
    cost_micros       bigint      NOT NULL,
    PRIMARY KEY (tenant_id, hour, key_id, model)
);

CREATE TABLE usage_daily (
    tenant_id         uuid        NOT NULL,
    day               date        NOT NULL,
    key_id            uuid        NOT NULL,
    model             text        NOT NULL,
    requests          bigint      NOT NULL,
    errors            bigint      NOT NULL,
    prompt_tokens     bigint      NOT NULL,
    completion_tokens bigint      NOT NULL,
    inputs            bigint      NOT NULL,
    cost_micros       bigint      NOT NULL,
    PRIMARY KEY (tenant_id, day, key_id, model)
);
