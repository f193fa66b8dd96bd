package dev.lmaas.platform.billing.plan;

import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ApiKeyLimit;
import dev.lmaas.platform.tenant.KnownPlans;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import java.util.OptionalInt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What tenant-admin asks of plans: whether a plan id exists (when tenants are created or moved) and
 * how many API keys a tenant's plan allows, and how long it may keep payloads. tenant-admin owns the interfaces, billing the answers.
 */
@Component
class TenantPlanRules implements KnownPlans, ApiKeyLimit {

    static final String DEFAULT_PLAN = "free";
    private final Plans plans;
    private final ObjectProvider<TenantDirectory> tenants;

    TenantPlanRules(Plans plans, ObjectProvider<TenantDirectory> tenants) {
        this.plans = plans;
        this.tenants = tenants;
    }

    @Override
    public boolean exists(String planId) {
        return plans.find(planId).isPresent();
    }

    @Override
    public String defaultPlan() {
        return DEFAULT_PLAN;
    }

    @Override
    public OptionalInt maxRetentionDays(String planId) {
        return plans.find(planId).map(p -> OptionalInt.of(p.maxRetentionDays())).orElse(OptionalInt.empty());
    }

    @Override
    public OptionalInt maxActiveKeys(TenantId tenant) {
        String planId = tenants.getObject().get(tenant).planId();
        return plans.find(planId).map(p -> p.maxApiKeys() > 0 ? OptionalInt.of(p.maxApiKeys()) : OptionalInt.empty()).orElse(OptionalInt.empty());
    }
}
