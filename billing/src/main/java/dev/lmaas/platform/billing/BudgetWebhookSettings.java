package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.util.Optional;

/**
 * Where a tenant's budget alerts are POSTed, signed with {@code LMaaS-Signature: t=..,v1=hex(HMAC-SHA256(secret, t + "." + body))}.
 * The signing secret is answered when the URL is set and when it is rotated, never stored.
 */
public interface BudgetWebhookSettings {

    /** A tenant's webhook; {@code signingSecret} only when just set or rotated. */
    record Webhook(TenantId tenant, URI url, Optional<String> signingSecret) {
    }

    /** @throws IllegalArgumentException for a URL webhooks may not call (not https, credentials, a private address) */
    Webhook set(TenantId tenant, String url);

    Optional<Webhook> rotateSecret(TenantId tenant);

    Optional<Webhook> find(TenantId tenant);

    boolean remove(TenantId tenant);
}
