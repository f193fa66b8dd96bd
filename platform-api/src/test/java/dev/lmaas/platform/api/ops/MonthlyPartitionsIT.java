package dev.lmaas.platform.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migrations V70 and V101 on a database that already holds records (migrated to V30 first, filled,
 * then migrated to the latest version): audit_log and usage_records become partitioned by month,
 * every row is kept and lands in its month's partition, rows outside the created months go to the
 * DEFAULT partition, the usage ledger's conflict target (request id, time) stays unique, and
 * {@link MonthlyPartitions} creates the months ahead of both once (running it again creates nothing).
 */
class MonthlyPartitionsIT {

    static EmbeddedDatabase db;
    static JdbcTemplate jdbc;
    static final String TENANT = UUID.randomUUID().toString();
    static final String THIS_MONTH = month(YearMonth.now(ZoneOffset.UTC));

    @BeforeAll
    static void migrateWithRecords() {
        db = EmbeddedDatabase.start(new dev.lmaas.platform.db.DataDirectory(Path.of("target", "it-data", "partitions-" + UUID.randomUUID()).toAbsolutePath()), 0);
        var ds = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("30").load().migrate();
        jdbc = new JdbcTemplate(ds);
        usage("before-old", "2025-01-15 10:00:00+00");
        usage("before-now", null);
        audit(1, "2025-01-15 10:00:00+00");
        audit(2, null);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theAuditLogIsPartitionedAndKeepsEveryRowInItsMonth() {
        assertThat(jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE relname = 'audit_log'", String.class)).isEqualTo("p");
        assertThat(jdbc.queryForList("SELECT tableoid::regclass::text FROM audit_log WHERE tenant_id = ?::uuid AND seq <= 2 ORDER BY seq", String.class, TENANT))
                .containsExactly("audit_log_y2025m01", "audit_log_" + THIS_MONTH);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname LIKE '%unpartitioned%'", Integer.class)).isZero();
    }

    @Test
    void usageRecordsArePartitionedAndKeepTheLedgersConflictTarget() {
        assertThat(jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE relname = 'usage_records'", String.class)).isEqualTo("p");
        assertThat(jdbc.queryForList("SELECT tableoid::regclass::text FROM usage_records WHERE request_id IN ('before-old', 'before-now') "
                + "ORDER BY occurred_at", String.class)).containsExactly("usage_records_y2025m01", "usage_records_" + THIS_MONTH);
        // The ledger's retried write: the same request id and time again.
        assertThatThrownBy(() -> usage("before-old", "2025-01-15 10:00:00+00")).isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.update("""
                INSERT INTO usage_records (request_id, tenant_id, model, endpoint, prompt_tokens, completion_tokens, inputs, http_status,
                                           latency_micros, cost_micros, currency, occurred_at)
                VALUES ('before-old', ?::uuid, 'm', '/v1/embeddings', 3, 0, 1, 200, 1000, 1, 'usd', '2025-01-15 10:00:00+00')
                ON CONFLICT (request_id, occurred_at) DO NOTHING""", TENANT)).isZero();
    }

    @Test
    void rowsOutsideTheCreatedMonthsGoToTheDefaultPartition() {
        audit(3, "2019-06-01 00:00:00+00");
        assertThat(jdbc.queryForObject("SELECT tableoid::regclass::text FROM audit_log WHERE tenant_id = ?::uuid AND seq = 3", String.class, TENANT))
                .isEqualTo("audit_log_default");
    }

    @Test
    void monthsAheadAreCreatedOnceBySeveralCallers() {
        var partitions = new MonthlyPartitions(jdbc);
        partitions.ensure();
        assertThat(partitions.ensure()).as("a second run creates nothing").isZero();
        YearMonth last = YearMonth.now(ZoneOffset.UTC).plusMonths(MonthlyPartitions.MONTHS_AHEAD - 1);
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, "audit_log_" + month(last))).isTrue();
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, "usage_records_" + month(last))).isTrue();
        assertThat(jdbc.queryForObject("SELECT lmaas_create_month_partitions('audit_log', now() + interval '2 years', 1)", Integer.class))
                .isEqualTo(1);
    }

    static String month(YearMonth m) {
        return "y%04dm%02d".formatted(m.getYear(), m.getMonthValue());
    }

    static void usage(String requestId, String occurredAt) {
        jdbc.update("""
                INSERT INTO usage_records (request_id, tenant_id, model, endpoint, prompt_tokens, completion_tokens, inputs, http_status,
                                           latency_micros, cost_micros, currency, occurred_at)
                VALUES (?, ?::uuid, 'm', '/v1/embeddings', 3, 0, 1, 200, 1000, 1, 'usd', coalesce(?::timestamptz, now()))""",
                requestId, TENANT, occurredAt);
    }

    static void audit(int seq, String occurredAt) {
        jdbc.update("""
                INSERT INTO audit_log (tenant_id, seq, occurred_at, kind, action, prev_hash, hash)
                VALUES (?::uuid, ?, coalesce(?::timestamptz, now()), 'api', 'api.post /v1/embeddings', '\\x00'::bytea, '\\x01'::bytea)""",
                TENANT, seq, occurredAt);
    }
}
