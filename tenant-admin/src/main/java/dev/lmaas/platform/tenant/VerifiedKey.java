package dev.lmaas.platform.tenant;

import java.util.Set;

/**
 * A presented key that passed every check, with what the request path needs to know: whose it is,
 * which models it may call (empty = any the plan allows), the tenant's plan and default model, and
 * how long the tenant keeps payloads ({@code retentionDays} null: none, only hashes).
 */
public record VerifiedKey(ApiKeyId keyId, TenantId tenantId, String keyName, Set<String> models, String planId,
                          String defaultModel, Integer retentionDays) {

    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
