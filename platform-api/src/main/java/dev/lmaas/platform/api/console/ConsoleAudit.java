package dev.lmaas.platform.api.console;

import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditRecord;
import dev.lmaas.platform.tenant.AuditVerification;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.AuditEntry;
import dev.lmaas.platform.ui.port.AuditPage;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.AuditTrail;
import dev.lmaas.platform.ui.port.ChainCheck;
import dev.lmaas.platform.api.json.AuditExport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The console's audit search and chain verification over tenant-admin's audit log. */
@Component
class ConsoleAudit implements AuditTrail {

    private final AuditLog audit;
    private final AuditExport export;

    ConsoleAudit(AuditLog audit, AuditExport export) {
        this.audit = audit;
        this.export = export;
    }

    @Override
    public AuditPage search(AuditQuery q) {
        return domain(q).map(audit::search)
                .map(page -> new AuditPage(page.records().stream().map(ConsoleAudit::entry).toList(), page.nextCursor(), page.newerCursor()))
                .orElse(AuditPage.empty());
    }

    @Override
    public Set<TenantId> export(AuditQuery q, boolean jsonLines, Writer out, long max) throws IOException {
        return export.write(domain(q).orElse(null), jsonLines ? AuditExport.Format.JSONL : AuditExport.Format.CSV, out, max);
    }

    /** The console's typed filters as tenant-admin's query; empty when a key id or status cannot match anything. */
    private static Optional<dev.lmaas.platform.tenant.AuditQuery> domain(AuditQuery q) {
        UUID key = null;
        if (q.keyId() != null && !q.keyId().isBlank()) {
            try {
                key = UUID.fromString(q.keyId().strip());
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // no key has that id
            }
        }
        Integer status = null;
        if (q.status() != null && !q.status().isBlank()) {
            try {
                status = Integer.parseInt(q.status().strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new dev.lmaas.platform.tenant.AuditQuery(q.tenant(), key, q.action(), status, q.from(), q.to(), q.requestId(),
                q.cursor(), q.limit()));
    }

    @Override
    public ChainCheck verify(TenantId tenant) {
        List<TenantId> chains = tenant == null ? audit.chains() : List.of(tenant);
        long checked = 0;
        for (TenantId t : chains) {
            AuditVerification v = audit.verify(t);
            checked += v.checked();
            if (!v.ok()) {
                return new ChainCheck(false, checked, t + "#" + v.brokenAtSeq(), v.reason());
            }
        }
        return new ChainCheck(true, checked, null, null);
    }

    static AuditEntry entry(AuditRecord r) {
        var e = r.entry();
        TenantId tenant = dev.lmaas.platform.tenant.AuditEntry.PLATFORM.equals(e.tenantId()) ? null : e.tenantId(); // the platform's own chain
        return new AuditEntry(e.tenantId() + "#" + r.seq(), e.occurredAt(), tenant, e.actorType(), e.actorLabel(), e.action(), e.targetType(),
                e.targetId(), e.keyId() == null ? null : e.keyId().toString(), e.model(), e.status() == null ? null : e.status().toString(),
                e.requestId(), e.clientAddress(), e.reason());
    }
}
