package dev.lmaas.platform.billing.metering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.lmaas.platform.billing.UsageRetentionSettings;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Raw usage records live as long as the tenant's plan says ({@code plans.usage_record_retention_days},
 * V102; NULL = forever); the hourly and daily aggregates stay. Once a day (and on demand) records
 * past their plan's retention are deleted in bounded batches, request ids past the replay window are
 * forgotten, and month partitions of usage_records that ended before every cutoff and hold nothing
 * more are dropped. Runs on any replica: deletes are idempotent, and a transaction-scoped advisory
 * lock keeps two replicas from doing the same work at once.
 */
@Service
public class UsageRecordRetention implements UsageRetentionSettings {

    /** What one run did. */
    public record Outcome(long recordsDeleted, long requestIdsForgotten, List<String> partitionsDropped) {
    }

    /** A request id is remembered this long, so a replayed write within it changes nothing. */
    static final Duration REPLAY_WINDOW = Duration.ofDays(MIN_DAYS);
    static final int BATCH = 10_000;
    /** Bounds one run (10M records); the next run goes on. */
    static final int MAX_BATCHES = 1_000;
    private static final long LOCK = 0x4c4d_5553_5245_5431L; // "LMUSRET1"
    private static final Logger log = LoggerFactory.getLogger(UsageRecordRetention.class);

    private final JdbcTemplate jdbc;
    private final TenantDirectory tenants;
    private final Clock clock;

    UsageRecordRetention(JdbcTemplate jdbc, TenantDirectory tenants, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(fixedDelayString = "${lmaas.billing.usage-retention-interval:PT24H}", initialDelayString = "${lmaas.billing.usage-retention-delay:PT10M}")
    public void daily() {
        Outcome o = run();
        if (o.recordsDeleted() > 0 || !o.partitionsDropped().isEmpty()) {
            log.info("Usage retention: {} raw records and {} request ids past retention deleted, partitions dropped: {}",
                    o.recordsDeleted(), o.requestIdsForgotten(), o.partitionsDropped());
        }
    }

    /** Sets a plan's raw-record retention (null: forever); false if the plan does not exist. */
    @Override
    public boolean setRetention(String planId, Integer days) {
        if (days != null && (days < MIN_DAYS || days > 36_500)) {
            throw new IllegalArgumentException("'days' must be between " + MIN_DAYS + " and 36500, or null to keep raw records forever.");
        }
        return jdbc.update("UPDATE plans SET usage_record_retention_days = ? WHERE id = ?", days, planId) == 1;
    }

    @Override
    public boolean exists(String planId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM plans WHERE id = ?)", Boolean.class, planId));
    }

    /** A plan's raw-record retention in days; empty if forever (or no such plan). */
    @Override
    public Optional<Integer> retention(String planId) {
        return jdbc.query("SELECT usage_record_retention_days FROM plans WHERE id = ?",
                rs -> rs.next() ? Optional.ofNullable((Integer) rs.getObject(1)) : Optional.<Integer>empty(), planId);
    }

    public Outcome run() {
        Instant now = clock.instant();
        long deleted = 0;
        List<PlanCutoff> plans = jdbc.query("SELECT id, usage_record_retention_days FROM plans WHERE usage_record_retention_days IS NOT NULL",
                (rs, i) -> new PlanCutoff(rs.getString(1), now.minus(Duration.ofDays(rs.getInt(2)))));
        for (PlanCutoff p : plans) {
            UUID[] onPlan = tenants.onPlan(p.planId()).stream().map(TenantId::value).toArray(UUID[]::new);
            for (int batch = 0; batch < MAX_BATCHES && onPlan.length > 0; batch++) {
                int n = deleteBatch(p, onPlan);
                deleted += n;
                if (n < BATCH) {
                    break;
                }
            }
        }
        long forgotten = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int n = jdbc.update("""
                    DELETE FROM usage_request_ids WHERE request_id IN (
                        SELECT request_id FROM usage_request_ids WHERE occurred_at < ? LIMIT ?)""",
                    Timestamp.from(now.minus(REPLAY_WINDOW)), BATCH);
            forgotten += n;
            if (n < BATCH) {
                break;
            }
        }
        return new Outcome(deleted, forgotten, dropEmptyPartitions(now, plans));
    }

    private record PlanCutoff(String planId, Instant cutoff) {
    }

    private int deleteBatch(PlanCutoff p, UUID[] tenantsOnPlan) {
        // Tenants change plans; the current plan decides, and which tenants are on it is tenant-admin's to say.
        return jdbc.update("""
                DELETE FROM usage_records WHERE (request_id, occurred_at) IN (
                    SELECT request_id, occurred_at FROM usage_records
                     WHERE tenant_id = ANY(?::uuid[]) AND occurred_at < ? LIMIT ?)""", tenantsOnPlan, Timestamp.from(p.cutoff()), BATCH);
    }

    /**
     * Month partitions that ended before the oldest moment any record must still be kept (the
     * earliest cutoff of all plans, or never when some plan keeps records forever) and are empty.
     */
    private List<String> dropEmptyPartitions(Instant now, List<PlanCutoff> plans) {
        boolean someKeepForever = Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM plans WHERE usage_record_retention_days IS NULL)", Boolean.class));
        if (someKeepForever || plans.isEmpty()) {
            return List.of();
        }
        Instant keepFrom = plans.stream().map(PlanCutoff::cutoff).min(Instant::compareTo).orElse(now);
        List<String> candidates = jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'usage_records'::regclass AND c.relname ~ '^usage_records_y[0-9]{4}m[0-9]{2}$'
                   AND (to_date(substr(c.relname, 16, 4) || substr(c.relname, 21, 2), 'YYYYMM') + interval '1 month') <= ?::timestamptz
                 ORDER BY c.relname""", String.class, Timestamp.from(keepFrom));
        List<String> dropped = new java.util.ArrayList<>();
        for (String partition : candidates) {
            Boolean gone = jdbc.execute((java.sql.Connection c) -> {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try (var s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                    // The name comes from the catalog and matched the pattern above: safe to quote as an identifier.
                    try (var rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM \"" + partition + "\")")) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return false;
                        }
                    }
                    s.execute("DROP TABLE \"" + partition + "\"");
                    c.commit();
                    return true;
                } catch (java.sql.SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            });
            if (Boolean.TRUE.equals(gone)) {
                dropped.add(partition);
            }
        }
        return dropped;
    }
}
