package dev.lmaas.platform.billing.ratelimit;

import dev.lmaas.platform.billing.BillingProperties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How many control-plane processes share the rate limits: each heartbeats a row in
 * {@code billing_instances}, and processes seen within the expiry count. A joining process is counted
 * by the others within one heartbeat; a killed one stops counting after the expiry.
 */
@Component
public class ClusterMembers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembers.class);

    private final JdbcTemplate jdbc;
    private final String instanceId;
    private final long expiryMillis;
    private volatile int count = 1;

    public ClusterMembers(JdbcTemplate jdbc, BillingProperties properties, ScheduledExecutorService billingTimer) {
        this.jdbc = jdbc;
        this.instanceId = properties.instanceId();
        this.expiryMillis = properties.rateLimits().expiry().toMillis();
        refresh();
        long every = properties.rateLimits().heartbeat().toMillis();
        billingTimer.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    public int count() {
        return count;
    }

    /** Heartbeats and recounts the live processes. */
    public void refresh() {
        jdbc.update("INSERT INTO billing_instances (id, seen_at) VALUES (?, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()", instanceId);
        Integer live = jdbc.queryForObject("SELECT count(*) FROM billing_instances WHERE seen_at > now() - (? * interval '1 millisecond')",
                Integer.class, expiryMillis);
        count = Math.max(1, live == null ? 1 : live);
    }

    private void refreshQuietly() {
        try {
            refresh();
            jdbc.update("DELETE FROM billing_instances WHERE seen_at < now() - interval '1 day'");
        } catch (RuntimeException e) {
            // Keep the last count: a database hiccup must not lift the limits.
            log.warn("Billing heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        try {
            jdbc.update("DELETE FROM billing_instances WHERE id = ?", instanceId);
        } catch (RuntimeException e) {
            log.debug("Could not remove this process from billing_instances: {}", e.toString());
        }
    }
}
