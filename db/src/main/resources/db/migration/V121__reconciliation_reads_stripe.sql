-- owner: billing. Reconciliation compares the ledger with what Stripe's billing meter itself counted for the
-- customer and day (its event summary), in tokens and in money (the plan's per-token price applied to each
-- side's tokens, rounded once, as the invoice does). NULL: Stripe was not read (local mode, no meter).
ALTER TABLE billing_reconciliations
    ADD COLUMN stripe_tokens      bigint,
    ADD COLUMN ledger_cost_micros bigint,
    ADD COLUMN stripe_cost_micros bigint;
