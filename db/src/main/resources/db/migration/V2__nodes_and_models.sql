-- Inference nodes as last heard from (shared by all control-plane replicas), and the expected
-- digest of each model id: a node reporting another digest for that id is not routed to for it.
CREATE TABLE nodes (
    id            text PRIMARY KEY,
    base_url      text        NOT NULL,
    version       text,
    models        jsonb       NOT NULL DEFAULT '[]',
    load          jsonb       NOT NULL DEFAULT '{}',
    registered_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nodes_last_seen ON nodes (last_seen_at);

CREATE TABLE model_catalog (
    id         text PRIMARY KEY,
    task       text        NOT NULL,
    sha256     text        NOT NULL,
    pinned     boolean     NOT NULL DEFAULT false,
    first_seen timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
