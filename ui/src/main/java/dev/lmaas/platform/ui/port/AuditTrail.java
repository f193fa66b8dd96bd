package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;
import java.io.IOException;
import java.io.Writer;
import java.util.Set;

/** Reading and verifying the audit log (writing goes through tenant-admin's {@code ActivityLog}). */
public interface AuditTrail {

    AuditPage search(AuditQuery query);

    /**
     * Writes the records {@code query} matches (cursor and limit aside), at most {@code max}, as CSV or JSON Lines: the
     * platform's one export, the admin API's columns and fields. Returns the tenants whose records were written.
     */
    Set<TenantId> export(AuditQuery query, boolean jsonLines, Writer out, long max) throws IOException;

    /** Verifies the hash chain of one tenant, or of every tenant when {@code tenant} is null. */
    ChainCheck verify(TenantId tenant);
}
