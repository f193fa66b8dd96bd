package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.StoredPayloads;

/**
 * What must be durable for an API answer: its audit record; for a billable answer, its usage record;
 * for a tenant that retains payloads, the encrypted bodies. Null parts are absent.
 *
 * @param afterAdmission the call's admission was written first ({@link RequestAdmission}): the
 *     commit that writes these records deletes it, and writes nothing if it was settled already
 */
public record CompletedRequest(UsageRecord usage, AuditEntry audit, StoredPayloads.Payload payload, boolean afterAdmission) {

    public CompletedRequest(UsageRecord usage, AuditEntry audit, StoredPayloads.Payload payload) {
        this(usage, audit, payload, false);
    }

    public static CompletedRequest auditOnly(AuditEntry audit) {
        return new CompletedRequest(null, audit, null);
    }

    public String requestId() {
        return audit.requestId();
    }

    CompletedRequest admittedFirst() {
        return new CompletedRequest(usage, audit, payload, true);
    }
}
