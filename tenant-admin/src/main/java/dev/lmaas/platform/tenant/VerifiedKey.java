package dev.lmaas.platform.tenant;

import java.util.Set;

/**
 * A presented key that passed every check, with what the request path needs to know: whose it is,
 * which models it may call (empty = any the plan allows), the tenant's plan and default model, how
 * long the tenant keeps payloads ({@code retentionDays} null: none, only hashes), and what else it
 * may read ({@code permissions}).
 */
public record VerifiedKey(ApiKeyId keyId, TenantId tenantId, String keyName, Set<String> models, String planId,
                          String defaultModel, Integer retentionDays, Set<KeyPermission> permissions) {

    public VerifiedKey {
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    /** A key that may call models and read nothing else (the console's playground uses one). */
    public VerifiedKey(ApiKeyId keyId, TenantId tenantId, String keyName, Set<String> models, String planId, String defaultModel,
                       Integer retentionDays) {
        this(keyId, tenantId, keyName, models, planId, defaultModel, retentionDays, Set.of());
    }

    public boolean may(KeyPermission permission) {
        return permissions.contains(permission);
    }

    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
