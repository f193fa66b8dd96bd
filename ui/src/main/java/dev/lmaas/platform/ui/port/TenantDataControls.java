package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantId;

/** A tenant's data: how long payloads are kept, and deletion by destroying the tenant's data key. */
public interface TenantDataControls {

    Retention retention(TenantId tenant);

    /** @throws dev.lmaas.platform.tenant.InvalidInputException when the number of days is out of range */
    void setRetention(TenantId tenant, Retention retention, Actor actor);

    /** Deletes the tenant: keys revoked, data key destroyed (stored payloads become unreadable), tenant marked deleted. */
    void deleteTenant(TenantId tenant, Actor actor);
}
