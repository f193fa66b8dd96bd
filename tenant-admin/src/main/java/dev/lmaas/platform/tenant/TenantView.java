package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.Set;

/** A tenant as shown to admins and its own users; {@code suspensionCauses} is empty unless it is suspended. */
public record TenantView(TenantId id, String name, TenantStatus status, String planId, String defaultModel, String ownerEmail,
                         Instant createdAt, Instant updatedAt, String retention, Integer retentionDays, Set<SuspensionCause> suspensionCauses) {

    public TenantView {
        suspensionCauses = suspensionCauses == null ? Set.of() : Set.copyOf(suspensionCauses);
    }
}
