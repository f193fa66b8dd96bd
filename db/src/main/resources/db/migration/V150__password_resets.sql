-- owner: tenant-admin. Single-use password reset tokens: only their SHA-256 is kept, they expire after an hour,
-- and using one (or a successful reset) spends every other outstanding token of the account.
CREATE TABLE password_resets (
    token_sha256 text        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
COMMENT ON TABLE password_resets IS 'owner: tenant-admin';
CREATE INDEX password_resets_user ON password_resets (user_id);
