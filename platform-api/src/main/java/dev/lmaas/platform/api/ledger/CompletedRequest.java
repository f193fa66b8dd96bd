package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.AuditEntry;

/**
 * What must be durable before an API answer leaves: its audit record and, for a billable answer,
 * its usage record ({@code usage} is null for answers that cost nothing).
 */
public record CompletedRequest(UsageRecord usage, AuditEntry audit) {

    public static CompletedRequest auditOnly(AuditEntry audit) {
        return new CompletedRequest(null, audit);
    }
}
