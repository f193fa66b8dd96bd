-- owner: platform-api. A served API call's admission (issue 19): written while the node works, durable before the
-- answer leaves, and deleted in the transaction that writes the call's usage and audit records right after the
-- answer. A row left behind means the control plane stopped between the two: another replica (or this one after
-- its restart) settles it once it is older than any call can take, with an audit record of outcome unknown
-- (no status, error code outcome_unknown) and no usage record, since nobody knows what the node answered.
-- Each row holds the audit record as it would then be written (the body digest already keyed by the tenant).
-- No index on admitted_at: rows live milliseconds, so the table stays as small as the calls in flight, and the
-- settlement's scan every few seconds is cheaper than an index entry written and deleted with every call.
CREATE TABLE request_admissions (
    request_id        text        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    admitted_at       timestamptz NOT NULL,
    action            text        NOT NULL,
    actor_type        text,
    actor_id          text,
    actor_label       text,
    key_id            uuid,
    model             text,
    client_address    text,
    user_agent        text,
    body_sha256       text,
    target_type       text,
    target_id         text
);
COMMENT ON TABLE request_admissions IS 'owner: platform-api';
