package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What may be shown of an API key: everything but the secret. */
public record ApiKeyView(ApiKeyId id, TenantId tenantId, String name, String prefix, List<String> models,
                         Instant expiresAt, String status, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
                         Set<KeyPermission> permissions) {
}
