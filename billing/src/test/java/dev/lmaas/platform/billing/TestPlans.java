package dev.lmaas.platform.billing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory plan catalogue for unit tests, plus a plan builder with small, readable limits. */
public final class TestPlans implements Plans {

    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    public TestPlans(Plan... initial) {
        for (Plan p : initial) {
            plans.put(p.id(), p);
        }
    }

    public static Plan plan(String id, List<String> models, int keyRpm, long keyTpm, int tenantRpm, long tenantTpm,
                            long quota, int maxInputs) {
        return Plan.builder(id).name(id.substring(0, 1).toUpperCase() + id.substring(1)).allowedModels(models).perKey(keyRpm, keyTpm)
                .perTenant(tenantRpm, tenantTpm).monthlyTokenQuota(quota).maxApiKeys(5).maxInputsPerRequest(maxInputs)
                .pricePerMillionTokensMicros(1_000_000).build();
    }

    @Override
    public Optional<Plan> find(String planId) {
        return Optional.ofNullable(plans.get(planId));
    }

    @Override
    public Plan require(String planId) {
        return find(planId).orElseThrow(() -> new UnknownPlanException(planId));
    }

    @Override
    public List<Plan> list() {
        return List.copyOf(plans.values());
    }

    @Override
    public Plan save(Plan plan) {
        plans.put(plan.id(), plan);
        return plan;
    }
}
