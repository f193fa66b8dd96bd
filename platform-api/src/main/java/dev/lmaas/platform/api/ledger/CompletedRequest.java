package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.StoredPayloads;

/**
 * What must be durable before an API answer leaves: its audit record; for a billable answer, its
 * usage record; for a tenant that retains payloads, the encrypted bodies. Null parts are absent.
 */
public record CompletedRequest(UsageRecord usage, AuditEntry audit, StoredPayloads.Payload payload) {

    public static CompletedRequest auditOnly(AuditEntry audit) {
        return new CompletedRequest(null, audit, null);
    }
}
