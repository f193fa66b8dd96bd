-- owner: billing. The Stripe price on the billing meter that invoices a plan's per-token charge: Checkout
-- puts it on the subscription next to the flat price (a metered item has no quantity; the meter events sent
-- for the tenant's customer are what the invoice counts). NULL in local mode or for plans without a token price.
ALTER TABLE plans ADD COLUMN stripe_metered_price_id text;
