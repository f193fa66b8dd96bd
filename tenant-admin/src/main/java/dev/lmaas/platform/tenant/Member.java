package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A member of an organization as its pages show it.
 *
 * @param active false while the member has not chosen a password yet (the owner of a tenant an operator created,
 *               until they accept their invitation)
 */
public record Member(UUID userId, TenantId tenant, String email, MemberRole role, Instant joinedAt, boolean active) {
}
