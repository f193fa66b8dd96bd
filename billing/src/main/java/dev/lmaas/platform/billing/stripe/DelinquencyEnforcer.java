package dev.lmaas.platform.billing.stripe;

import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.billing.plan.PlanCatalog;
import dev.lmaas.platform.db.ChangeFeed;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Suspends tenants whose payment failed more than {@code graceDays} ago and has not been paid since.
 * The suspension is marked as billing's own, so a later {@code invoice.paid} lifts it but never lifts
 * a suspension an admin imposed.
 */
@Component
public class DelinquencyEnforcer {

    private static final Logger log = LoggerFactory.getLogger(DelinquencyEnforcer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChangeFeed changeFeed;
    private final int graceDays;

    DelinquencyEnforcer(JdbcTemplate jdbc, TransactionTemplate tx, ChangeFeed changeFeed, BillingProperties properties,
                        ScheduledExecutorService billingTimer) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.changeFeed = changeFeed;
        this.graceDays = properties.stripe().graceDays();
        if (properties.stripe().enabled()) {
            billingTimer.scheduleWithFixedDelay(this::runQuietly, 5, 60, TimeUnit.MINUTES);
        }
    }

    /** Suspends every tenant past its grace period; returns them. */
    public List<UUID> run() {
        return tx.execute(status -> {
            List<UUID> due = jdbc.queryForList("""
                    UPDATE billing_customers c SET suspended_by_billing = true
                      FROM tenants t
                     WHERE t.id = c.tenant_id AND t.status = 'active' AND NOT c.suspended_by_billing
                       AND c.delinquent_since < now() - (? * interval '1 day')
                    RETURNING c.tenant_id""", UUID.class, graceDays);
            for (UUID tenant : due) {
                jdbc.update("UPDATE tenants SET status = 'suspended', updated_at = now() WHERE id = ?", tenant);
                changeFeed.publish(PlanCatalog.TENANT_TOPIC, tenant);
                log.warn("Tenant {} suspended: payment failed more than {} days ago", tenant, graceDays);
            }
            return due;
        });
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Delinquency check failed: {}", e.toString());
        }
    }
}
