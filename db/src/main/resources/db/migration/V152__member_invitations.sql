-- owner: tenant-admin. Invitations to join an organization by e-mail: a single-use link valid 7 days, of which only
-- the token's SHA-256 is kept. One pending invitation per address and organization: inviting the address again
-- replaces it (status 'replaced'), an owner or admin may revoke it, accepting it creates the member.
CREATE TABLE member_invitations (
    id               uuid PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    email            text        NOT NULL,
    role             text        NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'billing', 'viewer')),
    token_sha256     text        NOT NULL UNIQUE,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked', 'replaced')),
    invited_by       uuid,
    invited_by_label text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    accepted_by      uuid
);
COMMENT ON TABLE member_invitations IS 'owner: tenant-admin';
CREATE UNIQUE INDEX member_invitations_pending ON member_invitations (tenant_id, lower(email)) WHERE status = 'pending';
CREATE INDEX member_invitations_tenant ON member_invitations (tenant_id, created_at);
