package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;

/** Reading and verifying the audit log (writing goes through tenant-admin's {@code ActivityLog}). */
public interface AuditTrail {

    AuditPage search(AuditQuery query);

    /** Verifies the hash chain of one tenant, or of every tenant when {@code tenant} is null. */
    ChainCheck verify(TenantId tenant);
}
