package dev.lmaas.platform.tenant;

/** The tenant facts the request path needs, as the key verifier caches them. */
public record CachedTenant(TenantId id, TenantStatus status, String planId, String defaultModel, Integer retentionDays) {
}
