package dev.lmaas.platform.api.console;

import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The console's plan list and editor over billing's plans; edits keep the fields the console does not show. An
 * unlimited limit (null in the console) is stored as billing's "unlimited" value and read back as null, so saving a
 * plan unchanged never turns "unlimited" into a number.
 */
@Component
class ConsolePlans implements PlanCatalog {

    private final Plans plans;
    private final ActivityLog audit;
    private final NodeRegistry registry;

    ConsolePlans(Plans plans, ActivityLog audit, NodeRegistry registry) {
        this.plans = plans;
        this.audit = audit;
        this.registry = registry;
    }

    @Override
    public List<PlanDetails> plans() {
        return plans.list().stream().map(ConsolePlans::details).toList();
    }

    @Override
    public Optional<PlanDetails> find(String planId) {
        return plans.find(planId).map(ConsolePlans::details);
    }

    /** Every model a node serves or has served (the catalogue keeps them), and the aliases of those served now. */
    @Override
    public List<String> knownModels() {
        TreeSet<String> known = new TreeSet<>();
        registry.catalog().forEach(e -> known.add(e.id()));
        registry.routableModels().values().forEach(m -> {
            known.add(m.id());
            known.addAll(m.aliases());
        });
        return List.copyOf(known);
    }

    @Override
    public PlanDetails save(PlanDetails d, Actor actor) {
        Plan base = plans.find(d.id()).orElse(null);
        try {
            Plan saved = plans.save(plan(d, base));
            audit.record(actor, null, "plan.saved", "plan", saved.id());
            return details(saved);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), "id");
        }
    }

    /** The billing plan the console's edit describes; what the console does not edit comes from {@code base} (null: a new plan). */
    static Plan plan(PlanDetails d, Plan base) {
        PlanLimits l = d.limits();
        String currency = d.monthlyPrice() == null ? "usd" : d.monthlyPrice().currency();
        // What the console's form does not show is kept from the plan as it was.
        return Plan.builder(d.id()).name(d.name()).allowedModels(d.allowedModels())
                .perKey(requestRate(l.requestsPerMinutePerKey()), tokenRate(l.tokensPerMinutePerKey()))
                .perTenant(requestRate(l.requestsPerMinutePerTenant()), tokenRate(l.tokensPerMinutePerTenant()))
                .monthlyTokenQuota(l.monthlyTokens() == null ? 0 : l.monthlyTokens())
                .maxApiKeys(l.maxKeys() == null ? Plan.UNLIMITED_KEYS : l.maxKeys())
                .maxInputsPerRequest(base == null ? 128 : base.maxInputsPerRequest())
                .retentionChoices(retentionChoices(base, d.maxRetentionDays()))
                .price(d.monthlyPrice() == null ? 0 : d.monthlyPrice().micros(), currency)
                .stripePriceId(base == null ? Optional.empty() : base.stripePriceId())
                .overageAllowed(d.overageAllowed())
                .pricePerMillionTokensMicros(d.pricePerMillionTokens() == null ? 0 : d.pricePerMillionTokens().micros())
                .maxRetentionDays(d.maxRetentionDays())
                .stripeMeteredPriceId(base == null ? Optional.empty() : base.stripeMeteredPriceId())
                .build();
    }

    /** The plan's retention choices up to its new longest retention, which is always one of them. */
    private static List<String> retentionChoices(Plan base, int maxDays) {
        List<String> choices = new ArrayList<>(List.of("none"));
        if (base != null) {
            base.retentionChoices().stream().filter(c -> c.strip().matches("[0-9]{1,4}") && Integer.parseInt(c.strip()) < maxDays)
                    .forEach(choices::add);
        }
        if (maxDays > 0) {
            choices.add(Integer.toString(maxDays));
        }
        return choices;
    }

    static PlanDetails details(Plan p) {
        return new PlanDetails(p.id(), p.name(), limits(p), Money.of(p.priceMicros(), p.currency()), p.allowedModels(),
                Money.of(p.pricePerMillionTokensMicros(), p.currency()), p.overageAllowed(), p.maxRetentionDays());
    }

    static PlanLimits limits(Plan p) {
        return new PlanLimits(rate(p.keyRequestsPerMinute()), tokens(p.keyTokensPerMinute()), rate(p.tenantRequestsPerMinute()),
                tokens(p.tenantTokensPerMinute()), p.monthlyTokenQuota() == 0 ? null : p.monthlyTokenQuota(),
                p.maxApiKeys() >= Plan.UNLIMITED_KEYS ? null : p.maxApiKeys());
    }

    private static Integer rate(int perMinute) {
        return perMinute >= Plan.UNLIMITED_REQUESTS_PER_MINUTE ? null : perMinute;
    }

    /** The console edits token rates as ints: a stored rate beyond that is unlimited in all but name. */
    private static Integer tokens(long perMinute) {
        return perMinute >= Plan.UNLIMITED_TOKENS_PER_MINUTE || perMinute > Integer.MAX_VALUE ? null : (int) perMinute;
    }

    private static int requestRate(Integer perMinute) {
        return perMinute == null ? Plan.UNLIMITED_REQUESTS_PER_MINUTE : perMinute;
    }

    private static long tokenRate(Integer perMinute) {
        return perMinute == null ? Plan.UNLIMITED_TOKENS_PER_MINUTE : perMinute;
    }
}
