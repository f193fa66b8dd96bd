package dev.lmaas.platform.tenant;

import java.time.Instant;

/**
 * An e-mail domain mapped to an organization for single sign-on: a person whose provider vouches for an address at
 * {@code domain} becomes a member of {@code tenant} with {@code role} on their first sign-in.
 */
public record SsoDomain(String domain, TenantId tenant, MemberRole role, Instant createdAt, String createdBy) {
}
