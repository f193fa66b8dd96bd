-- owner: tenant-admin. Multi-factor authentication of console accounts (TOTP, RFC 6238) and the organizations' policy.
-- console_mfa: one row per account that set up (or is setting up) an authenticator. The TOTP secret is kept only
-- sealed with the master key (AES-256-GCM, bound to the account's id); enabled_at stays NULL until a first code confirmed
-- it; last_step is the newest 30-second step a code was accepted for, so no code (and no older one) is accepted twice.
CREATE TABLE console_mfa (
    user_id       uuid        PRIMARY KEY REFERENCES console_users (id) ON DELETE CASCADE,
    secret_sealed bytea       NOT NULL,
    master_key_id text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    enabled_at    timestamptz,
    last_step     bigint      NOT NULL DEFAULT 0
);
COMMENT ON TABLE console_mfa IS 'owner: tenant-admin';

-- Single-use recovery codes: only a keyed digest (HMAC-SHA-256 under a key derived from the master key named) is kept.
CREATE TABLE console_mfa_recovery_codes (
    user_id       uuid        NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    code_hmac     text        NOT NULL,
    master_key_id text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    used_at       timestamptz,
    PRIMARY KEY (user_id, code_hmac)
);
COMMENT ON TABLE console_mfa_recovery_codes IS 'owner: tenant-admin';

-- An organization's owner may require every member to use a second factor.
CREATE TABLE tenant_mfa_policy (
    tenant_id  uuid        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    required   boolean     NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenant_mfa_policy IS 'owner: tenant-admin';
