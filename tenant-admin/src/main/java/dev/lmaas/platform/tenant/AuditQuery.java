package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.UUID;

/** A search of the audit log; every filter is optional. {@code cursor} continues a previous page. */
public record AuditQuery(TenantId tenant, UUID keyId, String action, Integer status, Instant from, Instant to, String requestId,
                         String cursor, int limit) {

    public AuditQuery {
        limit = Math.max(1, Math.min(limit <= 0 ? 100 : limit, 1000));
    }

    public static AuditQuery forTenant(TenantId tenant, int limit) {
        return new AuditQuery(tenant, null, null, null, null, null, null, null, limit);
    }
}
