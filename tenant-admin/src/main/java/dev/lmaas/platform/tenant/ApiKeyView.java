package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What may be shown of an API key: everything but the secret. Keys belong to the organization; {@code createdBy} says
 * who made one (a member's email, or the operator's admin key), null for keys made before this was kept, and
 * {@code creatorLeft} is true once that member is no longer in the organization (the key keeps working).
 */
public record ApiKeyView(ApiKeyId id, TenantId tenantId, String name, String prefix, List<String> models,
                         Instant expiresAt, String status, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
                         Set<KeyPermission> permissions, String createdBy, boolean creatorLeft) {
}
