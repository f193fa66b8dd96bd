package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditRecord;
import dev.lmaas.platform.tenant.AuditVerification;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.AuditEntry;
import dev.lmaas.platform.ui.port.AuditPage;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.AuditTrail;
import dev.lmaas.platform.ui.port.ChainCheck;
import java.util.List;
import java.util.UUID;

/**
 * The audit port over tenant-admin's real {@link AuditLog} (PostgreSQL, real hash chains), as the
 * assembling application can implement it. Record ids are {@code tenant:seq}.
 */
public class AuditLogTrail implements AuditTrail {

    private final AuditLog log;

    public AuditLogTrail(AuditLog log) {
        this.log = log;
    }

    @Override
    public AuditPage search(AuditQuery q) {
        var page = log.search(new dev.lmaas.platform.tenant.AuditQuery(q.tenant(), q.keyId() == null ? null : UUID.fromString(q.keyId()),
                q.action(), q.status() == null ? null : Integer.valueOf(q.status()), q.from(), q.to(), q.requestId(), q.cursor(), q.limit()));
        return new AuditPage(page.records().stream().map(AuditLogTrail::entry).toList(), page.nextCursor(), page.newerCursor());
    }

    /**
     * The console's tests see the export's shape, not its columns: the real one (platform-api's AuditExport) writes the admin
     * API's fields and is tested there. Here: a header and one line per record, CSV or JSON Lines.
     */
    @Override
    public java.util.Set<TenantId> export(AuditQuery q, boolean jsonLines, java.io.Writer out, long max) throws java.io.IOException {
        java.util.Set<TenantId> seen = new java.util.LinkedHashSet<>();
        if (!jsonLines) {
            out.write("tenant_id,seq,action\n");
        }
        String cursor = null;
        long written = 0;
        do {
            var page = log.search(new dev.lmaas.platform.tenant.AuditQuery(q.tenant(), q.keyId() == null ? null : UUID.fromString(q.keyId()),
                    q.action(), q.status() == null ? null : Integer.valueOf(q.status()), q.from(), q.to(), q.requestId(), cursor, 1000));
            for (AuditRecord r : page.records()) {
                seen.add(r.entry().tenantId());
                out.write(jsonLines ? "{\"tenant_id\":\"" + r.entry().tenantId() + "\",\"seq\":" + r.seq() + ",\"action\":\"" + r.entry().action() + "\"}\n"
                        : r.entry().tenantId() + "," + r.seq() + "," + r.entry().action() + "\n");
                written++;
            }
            cursor = page.nextCursor();
        } while (cursor != null && written < max);
        out.flush();
        return seen;
    }

    @Override
    public ChainCheck verify(TenantId tenant) {
        List<TenantId> chains = tenant == null ? log.chains() : List.of(tenant);
        long checked = 0;
        for (TenantId t : chains) {
            AuditVerification v = log.verify(t);
            checked += v.checked();
            if (!v.ok()) {
                return new ChainCheck(false, checked, t + ":" + v.brokenAtSeq(), "The " + v.reason() + ".");
            }
        }
        return new ChainCheck(true, checked, null, null);
    }

    private static AuditEntry entry(AuditRecord r) {
        var e = r.entry();
        TenantId tenant = dev.lmaas.platform.tenant.AuditEntry.PLATFORM.equals(e.tenantId()) ? null : e.tenantId();
        return new AuditEntry(e.tenantId() + ":" + r.seq(), e.occurredAt(), tenant, e.actorType(), e.actorLabel(), e.action(), e.targetType(),
                e.targetId(), e.keyId() == null ? null : e.keyId().toString(), e.model(), e.status() == null ? "ok" : e.status().toString(),
                e.requestId(), e.clientAddress(), e.reason());
    }
}
