-- owner: tenant-admin. Single sign-on with OpenID Connect (issue 18). The platform's operator maps an e-mail domain
-- the organization proved it owns to that organization, with the role a member created on first sign-in gets
-- (never owner). A person who signed in through a provider is linked to their account by the provider's issuer and
-- subject (the ID token's iss and sub), which is what later sign-ins match on, whatever e-mail the token carries then.
CREATE TABLE sso_domains (
    domain      text        PRIMARY KEY CHECK (domain = lower(domain) AND domain <> ''),
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    member_role text        NOT NULL CHECK (member_role IN ('admin', 'developer', 'billing', 'viewer')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL
);
COMMENT ON TABLE sso_domains IS 'owner: tenant-admin';
CREATE INDEX sso_domains_tenant ON sso_domains (tenant_id, domain);

-- Removing a member deletes their account, and with it their link.
CREATE TABLE sso_identities (
    issuer         text        NOT NULL,
    subject        text        NOT NULL,
    user_id        uuid        NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_signed_in timestamptz,
    PRIMARY KEY (issuer, subject)
);
COMMENT ON TABLE sso_identities IS 'owner: tenant-admin';
CREATE INDEX sso_identities_user ON sso_identities (user_id);
CREATE INDEX sso_identities_tenant ON sso_identities (tenant_id);

-- Whom an organization removed (or who left): a mapped domain must not bring them back on their next sign-in; only a
-- new invitation does. Keyed by the address, as a person who never signed in with SSO has no subject yet.
CREATE TABLE sso_departed_members (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    email       text        NOT NULL CHECK (email = lower(email)),
    departed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, email)
);
COMMENT ON TABLE sso_departed_members IS 'owner: tenant-admin';
