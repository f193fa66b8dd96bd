-- Owner: billing (usage ledger); issue 19. usage_records_request (request_id) duplicated the primary
-- key (request_id, occurred_at), whose leading column serves every lookup by request id as well; each
-- usage record paid for a third index insertion on the request path for nothing.
DROP INDEX IF EXISTS usage_records_request;
