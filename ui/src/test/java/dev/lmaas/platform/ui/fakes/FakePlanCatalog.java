package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.KnownPlans;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Three plans in memory; also tells tenant-admin which plan ids exist. */
public class FakePlanCatalog implements PlanCatalog, KnownPlans {

    private final Map<String, PlanDetails> plans = new ConcurrentHashMap<>();

    public FakePlanCatalog() {
        save(new PlanDetails("free", "Free", new PlanLimits(20, 20_000, 60, 40_000, 1_000_000L, 3), Money.zero("USD"),
                List.of("all-MiniLM-L6-v2", "sentiment-en")), null);
        save(new PlanDetails("pro", "Pro", new PlanLimits(600, 600_000, 1200, 1_000_000, 50_000_000L, 20), Money.of(49_000_000, "USD"),
                List.of()), null);
        save(new PlanDetails("scale", "Scale", new PlanLimits(null, null, 6000, 6_000_000, null, null), Money.of(499_000_000, "USD"),
                List.of()), null);
    }

    @Override
    public List<PlanDetails> plans() {
        List<PlanDetails> all = new ArrayList<>(plans.values());
        all.sort((a, b) -> Long.compare(a.monthlyPrice().micros(), b.monthlyPrice().micros()));
        return all;
    }

    @Override
    public Optional<PlanDetails> find(String planId) {
        return Optional.ofNullable(plans.get(planId));
    }

    /** The fake playground's models and the aliases a real node declares. */
    @Override
    public List<String> knownModels() {
        return List.of("all-MiniLM-L6-v2", "sentiment-en", "summarize-extractive", "sentiment", "summarization", "translation");
    }

    @Override
    public PlanDetails save(PlanDetails plan, Actor actor) {
        if (plan.limits().maxKeys() != null && plan.limits().maxKeys() == 0) {
            throw new InvalidInputException("A plan must allow at least one key", "maxKeys");
        }
        plans.put(plan.id(), plan);
        return plan;
    }

    @Override
    public boolean exists(String planId) {
        return plans.containsKey(planId);
    }

    @Override
    public String defaultPlan() {
        return "free";
    }

    /** Free keeps no payloads, Pro 30 days, Scale 90. */
    @Override
    public java.util.OptionalInt maxRetentionDays(String planId) {
        return switch (planId) {
            case "free" -> java.util.OptionalInt.of(0);
            case "pro" -> java.util.OptionalInt.of(30);
            case "scale" -> java.util.OptionalInt.of(90);
            default -> plans.containsKey(planId) ? java.util.OptionalInt.of(0) : java.util.OptionalInt.empty();
        };
    }
}
