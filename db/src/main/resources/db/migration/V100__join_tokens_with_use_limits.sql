-- Owner: platform-api (nodes). Join tokens with a use limit, like kubeadm's bootstrap tokens: one
-- token in a Deployment's Secret admits up to max_uses pods (scale-ups, rollouts, restarts) before it
-- expires. Each use is kept with the node id and the SHA-256 of the key it enrolled: a node that
-- retries the same enrollment (its answer was lost to a timeout) gets its certificate again without
-- spending another use, and without a second key.
ALTER TABLE node_join_tokens
    ADD COLUMN max_uses integer NOT NULL DEFAULT 1 CHECK (max_uses BETWEEN 1 AND 1000),
    ADD COLUMN uses     integer NOT NULL DEFAULT 0 CHECK (uses >= 0);
UPDATE node_join_tokens SET uses = 1 WHERE used_at IS NOT NULL;
ALTER TABLE node_join_tokens ADD CONSTRAINT node_join_tokens_uses_within_limit CHECK (uses <= max_uses);

CREATE TABLE node_join_token_uses (
    token_id   text        NOT NULL REFERENCES node_join_tokens (id) ON DELETE CASCADE,
    node_id    text        NOT NULL,
    key_sha256 bytea       NOT NULL,
    used_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_id, node_id, key_sha256)
);
