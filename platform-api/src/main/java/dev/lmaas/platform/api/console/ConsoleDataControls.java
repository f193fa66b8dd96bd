package dev.lmaas.platform.api.console;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.Retention;
import dev.lmaas.platform.ui.port.TenantDataControls;
import org.springframework.stereotype.Component;

/** Retention settings and tenant deletion (crypto-shredding) for the console. */
@Component
class ConsoleDataControls implements TenantDataControls {

    private final TenantDirectory tenants;

    ConsoleDataControls(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public Retention retention(TenantId tenant) {
        TenantView t = tenants.get(tenant);
        return "encrypted".equals(t.retention()) && t.retentionDays() != null ? new Retention(Retention.Mode.ENCRYPTED, t.retentionDays()) : Retention.NONE;
    }

    @Override
    public void setRetention(TenantId tenant, Retention retention, Actor actor) {
        tenants.setRetention(tenant, retention.mode() == Retention.Mode.ENCRYPTED ? "encrypted" : "none",
                retention.mode() == Retention.Mode.ENCRYPTED ? retention.days() : null, actor);
    }

    @Override
    public void deleteTenant(TenantId tenant, Actor actor) {
        tenants.delete(tenant, actor);
    }
}
