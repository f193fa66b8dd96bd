package dev.lmaas.platform.tenant;

import java.time.Instant;

/** A tenant as shown to admins and its own users. */
public record TenantView(TenantId id, String name, TenantStatus status, String planId, String defaultModel, String ownerEmail,
                         Instant createdAt, Instant updatedAt, String retention, Integer retentionDays) {
}
