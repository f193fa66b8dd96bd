package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;

/**
 * Paying through Stripe: the console's "Upgrade" button and "Manage billing" link. In local mode (no
 * Stripe key) {@link #online()} is false and the other methods throw {@link BillingOfflineException}.
 */
public interface PlanUpgrades {

    boolean online();

    /** A Stripe Checkout (subscription mode) URL for moving the tenant to {@code planId}. */
    URI checkout(TenantId tenant, String planId, URI successUrl, URI cancelUrl);

    /** A Stripe customer-portal URL (payment methods, invoices). */
    URI portal(TenantId tenant, URI returnUrl);

    /** Billing runs in local mode or the plan is not sold through Stripe. */
    final class BillingOfflineException extends RuntimeException {
        public BillingOfflineException(String message) {
            super(message);
        }
    }
}
