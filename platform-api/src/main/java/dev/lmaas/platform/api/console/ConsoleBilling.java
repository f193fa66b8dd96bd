package dev.lmaas.platform.api.console;

import dev.lmaas.platform.billing.Invoices;
import dev.lmaas.platform.billing.PlanUpgrades;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.BillingMode;
import dev.lmaas.platform.ui.port.BillingPortal;
import dev.lmaas.platform.ui.port.Money;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** Plan upgrades from the console: Stripe Checkout when Stripe is configured; in local mode the operator assigns plans. */
@Component
class ConsoleBilling implements BillingPortal {

    private final PlanUpgrades upgrades;
    private final Plans plans;
    private final ActivityLog audit;
    private final Invoices invoices;

    ConsoleBilling(PlanUpgrades upgrades, Plans plans, ActivityLog audit, Invoices invoices) {
        this.upgrades = upgrades;
        this.plans = plans;
        this.audit = audit;
        this.invoices = invoices;
    }

    @Override
    public List<Invoice> invoices(TenantId tenant) {
        return invoices.recent(tenant, 12).stream().map(i -> new Invoice(i.number(), i.status(), Money.of(i.totalMicros(), i.currency()),
                day(i.periodStart()), day(i.periodEnd()), i.hostedUrl().map(URI::toString).orElse(null))).toList();
    }

    private static LocalDate day(Instant at) {
        return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    @Override
    public BillingMode mode() {
        return upgrades.online() ? BillingMode.STRIPE : BillingMode.LOCAL;
    }

    @Override
    public URI startUpgrade(TenantId tenant, String planId, URI returnTo, Actor actor) {
        if (plans.find(planId).isEmpty()) {
            throw new InvalidInputException("Unknown plan '" + planId + "'", "plan");
        }
        if (!upgrades.online()) {
            throw new ConflictException("Billing is managed by the operator on this installation: ask them to change your plan.", "plan");
        }
        URI checkout = upgrades.checkout(tenant, planId, withCheckout(returnTo, CHECKOUT_SUCCESS), withCheckout(returnTo, CHECKOUT_CANCELLED));
        audit.record(actor, tenant, "billing.checkout_started", "plan", planId);
        return checkout;
    }

    @Override
    public Optional<URI> customerPortal(TenantId tenant, URI returnTo) {
        if (!upgrades.online()) {
            return Optional.empty();
        }
        return Optional.of(upgrades.portal(tenant, returnTo));
    }

    /** {@code returnTo?checkout=outcome}. Not {@code URI.resolve("?...")}: RFC 2396 resolution drops the last path segment (/billing became /). */
    static URI withCheckout(URI returnTo, String outcome) {
        return UriComponentsBuilder.fromUri(returnTo).replaceQueryParam("checkout", outcome).build().toUri();
    }
}
