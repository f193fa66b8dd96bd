-- Owner: tenant-admin (audit). Old audit records exported to archive files and removed from the
-- database (issue 20): one row per archive file and tenant. The newest row of a tenant is the
-- anchor its online chain continues from: the first record left links to last_hash, and a signed
-- checkpoint at to_seq (audit_checkpoints) vouches for that hash, so neither the anchor nor the
-- file can be rewritten unnoticed.
CREATE TABLE audit_archives (
    tenant_id   uuid        NOT NULL,
    from_seq    bigint      NOT NULL CHECK (from_seq >= 1),
    to_seq      bigint      NOT NULL,
    last_hash   bytea       NOT NULL,
    records     bigint      NOT NULL,
    file_name   text        NOT NULL,
    file_sha256 text        NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, to_seq),
    CHECK (to_seq >= from_seq)
);
