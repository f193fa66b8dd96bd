package dev.lmaas.platform.tenant;

/**
 * The result of re-computing a tenant's chain: {@code ok}, or the first record ({@code brokenAtSeq})
 * whose content, position or link does not match, with the reason.
 */
public record AuditVerification(TenantId tenantId, boolean ok, long checked, Long brokenAtSeq, String reason) {
}
