package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.Retention;
import dev.lmaas.platform.ui.port.TenantDataControls;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Retention through the real tenant directory (which enforces the plan's maximum); "deleting" revokes the keys and suspends the tenant (tenant-admin has no
 * delete yet), and remembers the tenant as shredded.
 */
public class FakeTenantDataControls implements TenantDataControls {

    private final Set<TenantId> shredded = ConcurrentHashMap.newKeySet();
    private final ObjectProvider<TenantDirectory> tenants;
    private final ObjectProvider<ApiKeyIssuer> keys;
    private final ObjectProvider<ActivityLog> activity;

    public FakeTenantDataControls(ObjectProvider<TenantDirectory> tenants, ObjectProvider<ApiKeyIssuer> keys, ObjectProvider<ActivityLog> activity) {
        this.tenants = tenants;
        this.keys = keys;
        this.activity = activity;
    }

    @Override
    public Retention retention(TenantId tenant) {
        var t = tenants.getObject().get(tenant);
        return "encrypted".equals(t.retention()) && t.retentionDays() != null ? new Retention(Retention.Mode.ENCRYPTED, t.retentionDays()) : Retention.NONE;
    }

    @Override
    public void setRetention(TenantId tenant, Retention r, Actor actor) {
        tenants.getObject().setRetention(tenant, r.mode() == Retention.Mode.ENCRYPTED ? "encrypted" : "none",
                r.mode() == Retention.Mode.ENCRYPTED ? r.days() : null, actor);
    }

    @Override
    public void deleteTenant(TenantId tenant, Actor actor) {
        keys.getObject().list(tenant).stream().filter(k -> "active".equals(k.status())).forEach(k -> keys.getObject().revoke(k.id(), actor));
        tenants.getObject().suspend(tenant, actor);
        shredded.add(tenant);
        activity.getObject().record(actor, tenant, "tenant.deleted", "tenant", tenant.toString());
    }

    public boolean shredded(TenantId tenant) {
        return shredded.contains(tenant);
    }
}
