package dev.lmaas.platform.tenant;

/**
 * Published inside the deleting transaction ({@link TenantDirectory#delete}): modules that keep
 * tenant data in their own tables remove it in a synchronous listener, so the deletion and every
 * module's clean-up commit or roll back together, and no module touches another's tables.
 */
public record TenantDeleted(TenantId tenant) {
}
