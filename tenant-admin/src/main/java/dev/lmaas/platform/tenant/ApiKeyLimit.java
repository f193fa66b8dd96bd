package dev.lmaas.platform.tenant;

import java.util.OptionalInt;

/**
 * How many active keys a tenant may hold. Billing knows the plans and implements this; with no
 * implementation there is no limit. (The arrow points this way because billing depends on us.)
 */
public interface ApiKeyLimit {

    OptionalInt maxActiveKeys(TenantId tenant);
}
