package dev.lmaas.platform.billing.stripe;

import dev.lmaas.platform.billing.BillingProperties;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daily comparison of the local ledger with what reached Stripe, per tenant with a Stripe customer:
 * billable tokens recorded vs tokens delivered, still pending, and failed (parked or expired). Any
 * unexplained difference is drift; drift or failures raise an admin alert.
 */
@Component
public class UsageReconciliation {

    /** One tenant's day. {@code drift = ledger - delivered - pending - failed}. */
    public record Drift(UUID tenant, LocalDate day, long ledgerTokens, long deliveredTokens, long pendingTokens,
                        long failedTokens, long driftTokens) {
    }

    private static final Logger log = LoggerFactory.getLogger(UsageReconciliation.class);

    private final JdbcTemplate jdbc;
    private final JdbcBillingAlerts alerts;

    UsageReconciliation(JdbcTemplate jdbc, JdbcBillingAlerts alerts, BillingProperties properties, ScheduledExecutorService billingTimer) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        if (properties.stripe().enabled()) {
            billingTimer.scheduleAtFixedRate(this::yesterdayQuietly, 10, 24 * 60, TimeUnit.MINUTES);
        }
    }

    public List<Drift> reconcile(LocalDate day) {
        List<Drift> drifts = jdbc.query("""
                WITH ledger AS (
                    SELECT r.tenant_id, sum(r.prompt_tokens + r.completion_tokens) AS tokens
                      FROM usage_records r JOIN billing_customers c ON c.tenant_id = r.tenant_id
                     WHERE r.occurred_at >= ?::date AT TIME ZONE 'UTC' AND r.occurred_at < (?::date + 1) AT TIME ZONE 'UTC'
                       AND r.http_status BETWEEN 200 AND 299 AND r.occurred_at >= c.created_at
                     GROUP BY r.tenant_id
                ), sent AS (
                    SELECT tenant_id,
                           sum(value) FILTER (WHERE status = 'delivered') AS delivered,
                           sum(value) FILTER (WHERE status = 'pending') AS pending,
                           sum(value) FILTER (WHERE status IN ('parked', 'expired')) AS failed
                      FROM meter_outbox
                     WHERE occurred_at >= ?::date AT TIME ZONE 'UTC' AND occurred_at < (?::date + 1) AT TIME ZONE 'UTC'
                     GROUP BY tenant_id
                )
                SELECT coalesce(l.tenant_id, s.tenant_id), coalesce(l.tokens, 0), coalesce(s.delivered, 0),
                       coalesce(s.pending, 0), coalesce(s.failed, 0)
                  FROM ledger l FULL JOIN sent s ON s.tenant_id = l.tenant_id""",
                (rs, i) -> {
                    long ledger = rs.getLong(2), delivered = rs.getLong(3), pending = rs.getLong(4), failed = rs.getLong(5);
                    return new Drift(rs.getObject(1, UUID.class), day, ledger, delivered, pending, failed, ledger - delivered - pending - failed);
                }, Date.valueOf(day), Date.valueOf(day), Date.valueOf(day), Date.valueOf(day));
        for (Drift d : drifts) {
            jdbc.update("""
                    INSERT INTO billing_reconciliations (day, tenant_id, ledger_tokens, delivered_tokens, pending_tokens, failed_tokens, drift_tokens)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, day) DO UPDATE SET ledger_tokens = EXCLUDED.ledger_tokens,
                        delivered_tokens = EXCLUDED.delivered_tokens, pending_tokens = EXCLUDED.pending_tokens,
                        failed_tokens = EXCLUDED.failed_tokens, drift_tokens = EXCLUDED.drift_tokens, checked_at = now()""",
                    Date.valueOf(day), d.tenant(), d.ledgerTokens(), d.deliveredTokens(), d.pendingTokens(), d.failedTokens(), d.driftTokens());
            if (d.driftTokens() != 0 || d.failedTokens() != 0) {
                alerts.raise("reconciliation_drift", d.tenant(), "On " + day + ": ledger " + d.ledgerTokens() + " tokens, delivered "
                        + d.deliveredTokens() + ", pending " + d.pendingTokens() + ", failed " + d.failedTokens() + ", drift " + d.driftTokens());
            }
        }
        return drifts;
    }

    private void yesterdayQuietly() {
        try {
            reconcile(LocalDate.now(ZoneOffset.UTC).minusDays(1));
        } catch (RuntimeException e) {
            log.warn("Usage reconciliation failed: {}", e.toString());
        }
    }
}
