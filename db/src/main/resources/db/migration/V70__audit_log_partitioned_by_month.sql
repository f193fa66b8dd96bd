-- Owner: deploy (issue 20). audit_log grows with every request for years: it becomes partitioned
-- by month (declarative range partitioning on occurred_at), so old months can be detached,
-- archived or dropped whole and queries bounded in time read only their months. Its primary key
-- must contain the partition key: (tenant_id, seq, occurred_at); seq stays unique per tenant
-- through audit_chain_heads, which serialises appends. A DEFAULT partition catches rows outside the
-- months created so far (e.g. a restored backup's).
-- usage_records is NOT partitioned here: the usage ledger's ON CONFLICT (request_id) needs a unique
-- index on request_id alone, which a table partitioned by time cannot have. Partitioning it needs
-- the ledger to conflict on (request_id, occurred_at) first (a retried write carries the same time).

-- Creates the monthly partitions of `parent` from the month of `first` for `months` months; safe
-- to run again and from several control planes at once (advisory lock, IF NOT EXISTS).
CREATE FUNCTION lmaas_create_month_partitions(parent text, first timestamptz, months int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    -- Month arithmetic on UTC wall-clock time: on timestamptz it would follow the session's time
    -- zone and its daylight-saving shifts, and bounds would overlap.
    m timestamp := date_trunc('month', first AT TIME ZONE 'UTC');
    created int := 0;
    name text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('lmaas_create_month_partitions'));
    FOR i IN 0 .. months - 1 LOOP
        name := parent || '_' || to_char(m, '"y"YYYY"m"MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent,
                           m AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        m := m + interval '1 month';
    END LOOP;
    RETURN created;
END $$;

-- audit_log
ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
ALTER INDEX audit_log_pkey RENAME TO audit_log_unpartitioned_pkey;
ALTER INDEX audit_log_tenant_time RENAME TO audit_log_unpartitioned_tenant_time;
ALTER INDEX audit_log_time RENAME TO audit_log_unpartitioned_time;
ALTER INDEX audit_log_request RENAME TO audit_log_unpartitioned_request;
ALTER INDEX audit_log_key RENAME TO audit_log_unpartitioned_key;
CREATE TABLE audit_log (LIKE audit_log_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (occurred_at);
ALTER TABLE audit_log ADD PRIMARY KEY (tenant_id, seq, occurred_at);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_time ON audit_log (occurred_at);
CREATE INDEX audit_log_request ON audit_log (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX audit_log_key ON audit_log (tenant_id, key_id) WHERE key_id IS NOT NULL;
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
SELECT lmaas_create_month_partitions('audit_log', least(now(), (SELECT min(occurred_at) FROM audit_log_unpartitioned)),
        (SELECT (extract(year FROM age(date_trunc('month', now()), date_trunc('month', least(now(), min(occurred_at))))) * 12
               + extract(month FROM age(date_trunc('month', now()), date_trunc('month', least(now(), min(occurred_at))))))::int + 4
           FROM audit_log_unpartitioned));
INSERT INTO audit_log SELECT * FROM audit_log_unpartitioned;
DROP TABLE audit_log_unpartitioned;
