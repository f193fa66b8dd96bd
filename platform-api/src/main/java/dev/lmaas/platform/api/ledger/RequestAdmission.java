package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.AuditEntry;

/**
 * A served call's admission, written while the node works (table {@code request_admissions}, V160): the
 * call's audit record as it stands before the node answered. Its records, committed right after the
 * answer, delete it; if the control plane stops in between, {@link AdmissionSettlement} turns it into
 * the call's audit record with the outcome unknown.
 */
record RequestAdmission(AuditEntry pending) {

    /** The error code of a settled admission's audit record: the answer may or may not have reached the client. */
    static final String OUTCOME_UNKNOWN = "outcome_unknown";

    String requestId() {
        return pending.requestId();
    }

    /** The audit record a settlement writes: no node, status, tokens or time, since nobody recorded them. */
    AuditEntry unknownOutcome() {
        AuditEntry p = pending;
        return new AuditEntry(p.tenantId(), p.occurredAt(), p.kind(), p.action(), p.actorType(), p.actorId(), p.actorLabel(), p.keyId(),
                p.model(), null, null, OUTCOME_UNKNOWN, null, null, null, p.requestId(), p.clientAddress(), p.userAgent(), p.bodySha256(),
                p.targetType(), p.targetId(), "control plane stopped before the outcome was recorded; not billed");
    }
}
