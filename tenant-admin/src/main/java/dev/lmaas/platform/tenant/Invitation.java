package dev.lmaas.platform.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A pending invitation to join an organization (never its token: only a hash of it is kept).
 *
 * @param invitedBy who invited, as people saw them (an email, or the operator)
 * @param expired true once the link no longer works (a new invitation to the address replaces it)
 */
public record Invitation(UUID id, TenantId tenant, String email, MemberRole role, String invitedBy, Instant createdAt, Instant expiresAt,
                         boolean expired) {
}
