package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;

/**
 * A search of the audit log; null fields do not filter. Results come newest first, {@code limit}
 * at a time; {@code cursor} is the previous page's {@code nextCursor}.
 */
public record AuditQuery(TenantId tenant, String keyId, String action, String status, Instant from, Instant to, String requestId,
                         String cursor, int limit) {

    public AuditQuery {
        limit = Math.max(1, Math.min(limit, 1000));
    }

    public static AuditQuery ofTenant(TenantId tenant, String cursor, int limit) {
        return new AuditQuery(tenant, null, null, null, null, null, null, cursor, limit);
    }

    public AuditQuery withCursor(String next) {
        return new AuditQuery(tenant, keyId, action, status, from, to, requestId, next, limit);
    }
}
