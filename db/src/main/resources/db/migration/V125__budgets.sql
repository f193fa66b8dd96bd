-- owner: billing. Monthly spending budgets per tenant (key_id = the zero UUID) and per API key, in micro-units
-- of the plan's currency. A hard budget reserves each call's worst-case cost before the node call and settles
-- to the real cost, so the limit is never overshot, also across control-plane replicas (one row lock per
-- reservation). Alert thresholds are percentages of the limit; each crossing is reported once per period.
CREATE TABLE budgets (
    tenant_id            uuid        NOT NULL,
    key_id               uuid        NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    monthly_limit_micros bigint      NOT NULL CHECK (monthly_limit_micros >= 0),
    hard_limit           boolean     NOT NULL DEFAULT false,
    alert_thresholds     int[]       NOT NULL DEFAULT '{50,80,100}',
    time_zone            text        NOT NULL DEFAULT 'UTC',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key_id)
);
COMMENT ON TABLE budgets IS 'owner: billing';

-- Spend per budget and period (the first day of the month in the budget's time zone).
CREATE TABLE budget_spend (
    tenant_id       uuid   NOT NULL,
    key_id          uuid   NOT NULL,
    period          date   NOT NULL,
    spent_micros    bigint NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
    reserved_micros bigint NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
    PRIMARY KEY (tenant_id, key_id, period)
);
COMMENT ON TABLE budget_spend IS 'owner: billing';
