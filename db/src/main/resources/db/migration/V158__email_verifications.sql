-- owner: tenant-admin. E-mail verification at sign-up, when the operator configured an SMTP server (issue 18): the
-- account exists and can sign in, but does nothing until its owner opened the mailed link. Accounts made otherwise
-- (before this, without SMTP, by an invitation or through single sign-on) have nothing pending. Links work once, for
-- 24 hours; only the token's SHA-256 is kept.
ALTER TABLE console_users ADD COLUMN email_verification_pending boolean NOT NULL DEFAULT false;

CREATE TABLE email_verifications (
    token_sha256 text        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
COMMENT ON TABLE email_verifications IS 'owner: tenant-admin';
CREATE INDEX email_verifications_user ON email_verifications (user_id, created_at);
