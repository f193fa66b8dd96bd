package dev.lmaas.platform.tenant;

import java.util.UUID;

/**
 * A console login as the security layer needs it; {@code tenantId} and {@code memberRole} are null for platform admins.
 */
public record ConsoleAccount(UUID userId, TenantId tenantId, String email, String passwordHash, Role role, TenantStatus tenantStatus,
                             MemberRole memberRole) {

    @Override
    public String toString() {
        return "ConsoleAccount[" + userId + ", " + email + ", " + role + (memberRole == null ? "" : "/" + memberRole.value()) + "]"; // never the hash
    }
}
