-- Owner: billing (usage ledger); issue 20. usage_records grows with every request for years: it
-- becomes partitioned by month like audit_log (V70), so raw records past a plan's retention go month
-- by month and queries bounded in time read only their months. The hourly and daily aggregates stay
-- unpartitioned and whole: they are what usage, invoices and reconciliation read after retention.
-- A partitioned table's unique keys must contain the partition key, so usage_records' own key is
-- (request_id, occurred_at), and a request id is made unique across months by usage_request_ids:
-- the ledger inserts there first and writes only the records whose id was new, so a replayed
-- request id (at any time) still changes nothing. Raw-record retention prunes both together.
ALTER TABLE usage_records RENAME TO usage_records_unpartitioned;
ALTER INDEX usage_records_pkey RENAME TO usage_records_unpartitioned_pkey;
ALTER INDEX usage_records_tenant_time RENAME TO usage_records_unpartitioned_tenant_time;
CREATE TABLE usage_records (LIKE usage_records_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (occurred_at);
ALTER TABLE usage_records ADD PRIMARY KEY (request_id, occurred_at);
CREATE INDEX usage_records_tenant_time ON usage_records (tenant_id, occurred_at);
CREATE INDEX usage_records_request ON usage_records (request_id);
CREATE TABLE usage_records_default PARTITION OF usage_records DEFAULT;
SELECT lmaas_create_month_partitions('usage_records', least(now(), (SELECT min(occurred_at) FROM usage_records_unpartitioned)),
        (SELECT (extract(year FROM age(date_trunc('month', now()), date_trunc('month', least(now(), min(occurred_at))))) * 12
               + extract(month FROM age(date_trunc('month', now()), date_trunc('month', least(now(), min(occurred_at))))))::int + 4
           FROM usage_records_unpartitioned));
INSERT INTO usage_records SELECT * FROM usage_records_unpartitioned;
DROP TABLE usage_records_unpartitioned;

CREATE TABLE usage_request_ids (
    request_id  text        PRIMARY KEY,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX usage_request_ids_time ON usage_request_ids (occurred_at);
INSERT INTO usage_request_ids SELECT request_id, occurred_at FROM usage_records;
