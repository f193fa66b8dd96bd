package dev.lmaas.platform.billing.quota;

import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The quota rows in PostgreSQL. A lease is one upsert whose row lock serialises concurrent leases of
 * the same tenant and month; every SET expression reads the old row, so {@code last_grant} and
 * {@code reserved} agree and RETURNING gives the grant. Touched once per slice, never per request.
 */
@Component
class JdbcQuotaStore implements QuotaStore {

    private final JdbcTemplate jdbc;

    JdbcQuotaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long lease(UUID tenant, LocalDate period, long want, long cap) {
        Long granted = jdbc.queryForObject("""
                INSERT INTO quota_usage AS q (tenant_id, period, reserved, last_grant)
                VALUES (?, ?, LEAST(?::bigint, ?::bigint), LEAST(?::bigint, ?::bigint))
                ON CONFLICT (tenant_id, period) DO UPDATE
                   SET last_grant = GREATEST(0, LEAST(?::bigint, ?::bigint - q.reserved)),
                       reserved   = q.reserved + GREATEST(0, LEAST(?::bigint, ?::bigint - q.reserved)),
                       updated_at = now()
                RETURNING last_grant""", Long.class, tenant, period, want, cap, want, cap, want, cap, want, cap);
        return granted == null ? 0 : granted;
    }

    @Override
    public void giveBack(UUID tenant, LocalDate period, long tokens) {
        jdbc.update("UPDATE quota_usage SET reserved = GREATEST(0, reserved - ?), updated_at = now() WHERE tenant_id = ? AND period = ?",
                tokens, tenant, period);
    }

    @Override
    public void overdraw(UUID tenant, LocalDate period, long tokens) {
        jdbc.update("""
                INSERT INTO quota_usage AS q (tenant_id, period, reserved) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, period) DO UPDATE SET reserved = q.reserved + EXCLUDED.reserved, updated_at = now()""",
                tenant, period, tokens);
    }
}
