package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.Retention;
import dev.lmaas.platform.ui.port.TenantDataControls;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Retention in memory; "deleting" revokes the keys and suspends the tenant (tenant-admin has no
 * delete yet), and remembers the tenant as shredded.
 */
public class FakeTenantDataControls implements TenantDataControls {

    private final Map<TenantId, Retention> retention = new ConcurrentHashMap<>();
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
        return retention.getOrDefault(tenant, Retention.NONE);
    }

    @Override
    public void setRetention(TenantId tenant, Retention r, Actor actor) {
        retention.put(tenant, r);
        activity.getObject().record(actor, tenant, "tenant.retention_changed", "tenant", tenant.toString());
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
