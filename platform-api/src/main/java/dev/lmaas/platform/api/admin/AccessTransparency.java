package dev.lmaas.platform.api.admin;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantId;
import org.springframework.stereotype.Component;

/**
 * Records in a tenant's own audit trail every time an operator reads that tenant's data, so the
 * tenant can see who looked at what and when.
 */
@Component
public class AccessTransparency {

    private final AuditLog audit;

    AccessTransparency(AuditLog audit) {
        this.audit = audit;
    }

    public void viewed(Actor admin, TenantId tenant, String what) {
        audit.record(admin, tenant, "admin.viewed_" + what, "tenant", tenant.toString());
    }
}
