-- Tenants, console users and API keys (owned by tenant-admin).
CREATE TABLE tenants (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL,
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    plan_id       text        NOT NULL DEFAULT 'free',
    default_model text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenants_name ON tenants (lower(name));

CREATE TABLE console_users (
    id            uuid PRIMARY KEY,
    tenant_id     uuid REFERENCES tenants (id),
    email         text        NOT NULL,
    password_hash text,
    role          text        NOT NULL CHECK (role IN ('CUSTOMER_OWNER', 'ADMIN')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX console_users_email ON console_users (lower(email));
CREATE INDEX console_users_tenant ON console_users (tenant_id);

-- An API key has a stable id; its secrets (one, or two during a rotation grace period) live apart.
CREATE TABLE api_keys (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    models       text[],
    expires_at   timestamptz,
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

-- Only HMAC-SHA-256(pepper, key) is stored, never the key.
CREATE TABLE api_key_secrets (
    hmac        bytea PRIMARY KEY,
    key_id      uuid        NOT NULL REFERENCES api_keys (id),
    tenant_id   uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    valid_until timestamptz
);
CREATE INDEX api_key_secrets_key ON api_key_secrets (key_id);

CREATE TABLE admin_keys (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    hmac       bytea       NOT NULL UNIQUE,
    prefix     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
