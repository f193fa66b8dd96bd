-- Owner: platform-api (nodes). The node link's identities.
-- Join tokens: one-time, expiring credentials a node trades for its first certificate. Only the
-- SHA-256 of the token's secret part is stored (the secret has 256 bits: no pepper or slow hash needed).
CREATE TABLE node_join_tokens (
    id          text PRIMARY KEY,
    secret_hash bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     text
);

-- Every certificate the cluster CA issued to a node; removing a node revokes all of its certificates,
-- and the control plane refuses a revoked one on every call (registration, heartbeat, renewal).
CREATE TABLE node_certificates (
    serial        text PRIMARY KEY,
    node_id       text        NOT NULL,
    advertised_url text       NOT NULL,
    issued_at     timestamptz NOT NULL DEFAULT now(),
    not_after     timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX node_certificates_node ON node_certificates (node_id);
