package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Paying for a plan: the billing mode, the upgrade action and Stripe's customer portal. */
public interface BillingPortal {

    /** The {@code checkout} query parameter Checkout returns with: the console shows a notice for each. */
    String CHECKOUT_SUCCESS = "success";
    String CHECKOUT_CANCELLED = "cancelled";

    BillingMode mode();

    /**
     * Starts a change to {@code planId} and answers where to send the browser: Stripe Checkout in
     * Stripe mode, which comes back to {@code returnTo?checkout=success} or {@code returnTo?checkout=cancelled}.
     *
     * @throws dev.lmaas.platform.tenant.ConflictException in local mode or when the change is not allowed
     * @throws dev.lmaas.platform.tenant.InvalidInputException for an unknown plan
     */
    URI startUpgrade(TenantId tenant, String planId, URI returnTo, Actor actor);

    /**
     * Stripe's customer portal (invoices, payment method) in Stripe mode. Creates the Stripe customer
     * and a portal session: call it only on the customer's explicit action, never to render a page.
     */
    Optional<URI> customerPortal(TenantId tenant, URI returnTo);

    /** An invoice as Stripe issued it. */
    record Invoice(String number, String status, Money total, LocalDate periodStart, LocalDate periodEnd, String url) {
    }

    /**
     * The latest invoices from Stripe (empty in local mode or before the first subscription); reads only.
     *
     * @throws IllegalStateException when Stripe cannot be reached
     */
    List<Invoice> invoices(TenantId tenant);
}
