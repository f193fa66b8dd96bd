-- owner: ui. Sign-in and sign-up throttling shared by every control-plane replica: one row per counted key (a SHA-256 of
-- the account and/or client address, never the address or e-mail itself) with its recent failures. Rows quiet for longer
-- than their counter forgets are purged by the console (ThrottleCounters.purge), so the table stays small.
CREATE TABLE console_throttle (
    counter      text        NOT NULL,
    key_sha256   text        NOT NULL,
    failures     int         NOT NULL,
    last_failure timestamptz NOT NULL,
    PRIMARY KEY (counter, key_sha256)
);
COMMENT ON TABLE console_throttle IS 'owner: ui';
CREATE INDEX console_throttle_last_failure ON console_throttle (last_failure);
