-- Who owns each table: the module whose code alone reads and writes it (DESIGN.md: a module owns its
-- tables; the others go through its Java API or a typed event). Kept in the database itself, where an
-- operator sees it (\dt+), and read by platform-api's TableOwnershipTest, which fails when a table has no
-- owner or a module's SQL names a table it does not own. A new table gets its COMMENT in its own migration.

COMMENT ON TABLE tenants IS 'owner: tenant-admin';
COMMENT ON TABLE console_users IS 'owner: tenant-admin';
COMMENT ON TABLE api_keys IS 'owner: tenant-admin';
COMMENT ON TABLE api_key_secrets IS 'owner: tenant-admin';
COMMENT ON TABLE admin_keys IS 'owner: tenant-admin';
COMMENT ON TABLE audit_log IS 'owner: tenant-admin';
COMMENT ON TABLE audit_log_default IS 'owner: tenant-admin';
COMMENT ON TABLE audit_chain_heads IS 'owner: tenant-admin';
COMMENT ON TABLE audit_checkpoints IS 'owner: tenant-admin';
COMMENT ON TABLE audit_archives IS 'owner: tenant-admin';
COMMENT ON TABLE tenant_data_keys IS 'owner: tenant-admin';
COMMENT ON TABLE stored_payloads IS 'owner: tenant-admin';

COMMENT ON TABLE plans IS 'owner: billing';
COMMENT ON TABLE quota_usage IS 'owner: billing';
COMMENT ON TABLE billing_customers IS 'owner: billing';
COMMENT ON TABLE billing_instances IS 'owner: billing';
COMMENT ON TABLE billing_alerts IS 'owner: billing';
COMMENT ON TABLE billing_reconciliations IS 'owner: billing';
COMMENT ON TABLE stripe_events IS 'owner: billing';
COMMENT ON TABLE meter_outbox IS 'owner: billing';
COMMENT ON TABLE usage_records IS 'owner: billing';
COMMENT ON TABLE usage_records_default IS 'owner: billing';
COMMENT ON TABLE usage_request_ids IS 'owner: billing';
COMMENT ON TABLE usage_hourly IS 'owner: billing';
COMMENT ON TABLE usage_daily IS 'owner: billing';

COMMENT ON TABLE nodes IS 'owner: platform-api';
COMMENT ON TABLE model_catalog IS 'owner: platform-api';
COMMENT ON TABLE node_certificates IS 'owner: platform-api';
COMMENT ON TABLE node_join_tokens IS 'owner: platform-api';
COMMENT ON TABLE node_join_token_uses IS 'owner: platform-api';
COMMENT ON TABLE idempotency_keys IS 'owner: platform-api';
