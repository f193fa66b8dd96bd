package dev.lmaas.platform.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What admins must look at: meter events Stripe refused for good or that became too old to send, meter
 * error reports from Stripe, and reconciliation drift.
 */
public interface BillingAlerts {

    List<Alert> recent(int limit);

    record Alert(long id, String kind, Optional<String> tenantId, String message, Instant createdAt) {
    }
}
