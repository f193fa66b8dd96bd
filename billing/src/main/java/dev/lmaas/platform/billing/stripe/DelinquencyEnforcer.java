package dev.lmaas.platform.billing.stripe;

import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.SuspensionCause;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import java.util.ArrayList;
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
 * Suspends tenants whose payment failed more than {@code graceDays} ago and has not been paid since,
 * through tenant-admin's API with the cause {@link SuspensionCause#PAYMENT}: a later
 * {@code invoice.paid} lifts that cause only, so an admin's suspension (before, during or after)
 * stays. {@code suspended_by_billing} is billing's own note that it asked for one.
 */
@Component
public class DelinquencyEnforcer {

    private static final Logger log = LoggerFactory.getLogger(DelinquencyEnforcer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TenantDirectory tenants;
    private final int graceDays;

    DelinquencyEnforcer(JdbcTemplate jdbc, TransactionTemplate tx, TenantDirectory tenants, BillingProperties properties,
                        ScheduledExecutorService billingTimer) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tenants = tenants;
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
                     WHERE NOT c.suspended_by_billing AND c.delinquent_since < now() - (? * interval '1 day')
                    RETURNING c.tenant_id""", UUID.class, graceDays);
            List<UUID> suspended = new ArrayList<>();
            for (UUID tenant : due) {
                TenantId id = new TenantId(tenant);
                if (tenants.find(id).isEmpty()) {
                    continue; // deleted: nothing to suspend
                }
                tenants.suspend(id, SuspensionCause.PAYMENT, Actor.SYSTEM);
                suspended.add(tenant);
                log.warn("Tenant {} suspended: payment failed more than {} days ago", tenant, graceDays);
            }
            return suspended;
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
