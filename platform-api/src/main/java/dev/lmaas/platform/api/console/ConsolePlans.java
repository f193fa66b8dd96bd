package dev.lmaas.platform.api.console;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The console's plan list and editor over billing's plans; edits keep the fields the console does not show. */
@Component
class ConsolePlans implements PlanCatalog {

    private final Plans plans;
    private final AuditLog audit;

    ConsolePlans(Plans plans, AuditLog audit) {
        this.plans = plans;
        this.audit = audit;
    }

    @Override
    public List<PlanDetails> plans() {
        return plans.list().stream().map(ConsolePlans::details).toList();
    }

    @Override
    public Optional<PlanDetails> find(String planId) {
        return plans.find(planId).map(ConsolePlans::details);
    }

    @Override
    public PlanDetails save(PlanDetails d, Actor actor) {
        Optional<Plan> existing = plans.find(d.id());
        PlanLimits l = d.limits();
        Plan base = existing.orElse(null);
        try {
            // What the console's form does not show is kept from the plan as it was.
            Plan p = Plan.builder(d.id()).name(d.name()).allowedModels(d.allowedModels())
                    .perKey(orDefault(l.requestsPerMinutePerKey(), 1_000_000), orDefault(l.tokensPerMinutePerKey(), 1_000_000_000L))
                    .perTenant(orDefault(l.requestsPerMinutePerTenant(), 1_000_000), orDefault(l.tokensPerMinutePerTenant(), 1_000_000_000L))
                    .monthlyTokenQuota(l.monthlyTokens() == null ? 0 : l.monthlyTokens()).maxApiKeys(orDefault(l.maxKeys(), 1000))
                    .price(d.monthlyPrice() == null ? 0 : d.monthlyPrice().micros(), d.monthlyPrice() == null ? "usd" : d.monthlyPrice().currency())
                    .maxInputsPerRequest(base == null ? 128 : base.maxInputsPerRequest())
                    .retentionChoices(base == null ? List.of("none") : base.retentionChoices())
                    .stripePriceId(base == null ? Optional.empty() : base.stripePriceId()).overageAllowed(base != null && base.overageAllowed())
                    .pricePerMillionTokensMicros(base == null ? 0 : base.pricePerMillionTokensMicros())
                    .stripeMeteredPriceId(base == null ? Optional.empty() : base.stripeMeteredPriceId()).build();
            Plan saved = plans.save(p);
            audit.record(actor, null, "plan.saved", "plan", saved.id());
            return details(saved);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), "id");
        }
    }

    static PlanDetails details(Plan p) {
        return new PlanDetails(p.id(), p.name(), limits(p), Money.of(p.priceMicros(), p.currency()), p.allowedModels());
    }

    static PlanLimits limits(Plan p) {
        return new PlanLimits(p.keyRequestsPerMinute(), (int) Math.min(Integer.MAX_VALUE, p.keyTokensPerMinute()), p.tenantRequestsPerMinute(),
                (int) Math.min(Integer.MAX_VALUE, p.tenantTokensPerMinute()), p.monthlyTokenQuota() == 0 ? null : p.monthlyTokenQuota(), p.maxApiKeys());
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    private static long orDefault(Integer v, long d) {
        return v == null ? d : v;
    }
}
