package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.BillingMode;
import dev.lmaas.platform.ui.port.BillingPortal;
import java.net.URI;
import java.util.Optional;

/** Billing in local mode by default; tests switch it to Stripe mode, where upgrades go to a pretend Checkout. */
public class FakeBillingPortal implements BillingPortal {

    private final FakePlanCatalog plans;
    private volatile BillingMode mode = BillingMode.LOCAL;
    /** Portal sessions opened: each one creates Stripe objects, so only explicit actions may open one. */
    public final java.util.concurrent.atomic.AtomicInteger portalSessions = new java.util.concurrent.atomic.AtomicInteger();

    public FakeBillingPortal(FakePlanCatalog plans) {
        this.plans = plans;
    }

    public void mode(BillingMode mode) {
        this.mode = mode;
    }

    @Override
    public BillingMode mode() {
        return mode;
    }

    @Override
    public URI startUpgrade(TenantId tenant, String planId, URI returnTo, Actor actor) {
        if (mode == BillingMode.LOCAL) {
            throw new ConflictException("Plans are assigned by the operator on this installation", "plan");
        }
        if (!plans.exists(planId)) {
            throw new InvalidInputException("Unknown plan '" + planId + "'", "plan");
        }
        return URI.create("https://checkout.stripe.test/c/pay/cs_test_" + tenant.value().toString().substring(0, 8) + "?plan=" + planId);
    }

    @Override
    public Optional<URI> customerPortal(TenantId tenant, URI returnTo) {
        if (mode == BillingMode.STRIPE) {
            portalSessions.incrementAndGet();
        }
        return mode == BillingMode.STRIPE ? Optional.of(URI.create("https://billing.stripe.test/p/session/" + tenant.value())) : Optional.empty();
    }

    /** Stripe mode lists one paid invoice; local mode none. */
    @Override
    public java.util.List<Invoice> invoices(TenantId tenant) {
        return mode == BillingMode.STRIPE ? java.util.List.of(new Invoice("LMAAS-0001", "paid", dev.lmaas.platform.ui.port.Money.of(49_000_000, "usd"),
                java.time.LocalDate.of(2026, 11, 1), java.time.LocalDate.of(2026, 12, 1), "https://invoice.stripe.test/i/1")) : java.util.List.of();
    }
}
