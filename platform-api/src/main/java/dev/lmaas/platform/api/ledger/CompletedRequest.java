package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.AuditEntry;

/** What must be durable before an API answer leaves: its audit record (and, for billable answers, its usage). */
public record CompletedRequest(AuditEntry audit) {
}
