package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The tenant's invoices as Stripe issued them (Stripe mode); local mode has none (the console shows statements from the ledger). */
public interface Invoices {

    /** One invoice; money in integer micro-units of {@code currency}, whatever the currency's minor unit at Stripe. */
    record Invoice(String number, String status, long totalMicros, String currency, Instant periodStart, Instant periodEnd, Optional<URI> hostedUrl) {
    }

    /**
     * The latest invoices, newest first; empty in local mode or before the tenant is a Stripe customer. Reads only:
     * nothing is created at Stripe.
     *
     * @throws IllegalStateException when Stripe cannot be reached (the caller says so instead of failing the page)
     */
    List<Invoice> recent(TenantId tenant, int limit);
}
