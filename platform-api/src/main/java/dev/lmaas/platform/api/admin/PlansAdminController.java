package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for plans: list, view, create or replace. Changes reach every replica on the next request. */
@RestController
class PlansAdminController {

    record PlanJson(String id, String object, String name, @JsonProperty("allowed_models") List<String> allowedModels,
                    @JsonProperty("key_requests_per_minute") int keyRequestsPerMinute, @JsonProperty("key_tokens_per_minute") long keyTokensPerMinute,
                    @JsonProperty("tenant_requests_per_minute") int tenantRequestsPerMinute,
                    @JsonProperty("tenant_tokens_per_minute") long tenantTokensPerMinute,
                    @JsonProperty("monthly_token_quota") long monthlyTokenQuota, @JsonProperty("max_api_keys") int maxApiKeys,
                    @JsonProperty("max_inputs_per_request") int maxInputsPerRequest, @JsonProperty("retention_choices") List<String> retentionChoices,
                    @JsonProperty("price_micros") long priceMicros, String currency, @JsonProperty("stripe_price_id") String stripePriceId,
                    @JsonProperty("overage_allowed") boolean overageAllowed,
                    @JsonProperty("price_per_million_tokens_micros") long pricePerMillionTokensMicros,
                    @JsonProperty("stripe_metered_price_id") String stripeMeteredPriceId) {

        static PlanJson of(Plan p) {
            return new PlanJson(p.id(), "plan", p.name(), p.allowedModels(), p.keyRequestsPerMinute(), p.keyTokensPerMinute(),
                    p.tenantRequestsPerMinute(), p.tenantTokensPerMinute(), p.monthlyTokenQuota(), p.maxApiKeys(), p.maxInputsPerRequest(),
                    p.retentionChoices(), p.priceMicros(), p.currency(), p.stripePriceId().orElse(null), p.overageAllowed(),
                    p.pricePerMillionTokensMicros(), p.stripeMeteredPriceId().orElse(null));
        }

        Plan toPlan(String id) {
            return Plan.builder(id).name(name == null ? id : name).allowedModels(allowedModels == null ? List.of() : allowedModels)
                    .perKey(keyRequestsPerMinute, keyTokensPerMinute).perTenant(tenantRequestsPerMinute, tenantTokensPerMinute)
                    .monthlyTokenQuota(monthlyTokenQuota).maxApiKeys(maxApiKeys).maxInputsPerRequest(maxInputsPerRequest)
                    .retentionChoices(retentionChoices == null ? List.of("none") : retentionChoices).price(priceMicros, currency)
                    .pricePerMillionTokensMicros(pricePerMillionTokensMicros).overageAllowed(overageAllowed)
                    .stripePriceId(Optional.ofNullable(stripePriceId)).stripeMeteredPriceId(Optional.ofNullable(stripeMeteredPriceId)).build();
        }
    }

    record PlanList(String object, List<PlanJson> data) {
    }

    private final Plans plans;
    private final AuditLog audit;

    PlansAdminController(Plans plans, AuditLog audit) {
        this.plans = plans;
        this.audit = audit;
    }

    @GetMapping(path = "/admin/v1/plans", produces = "application/json")
    PlanList list() {
        return new PlanList("list", plans.list().stream().map(PlanJson::of).toList());
    }

    @GetMapping(path = "/admin/v1/plans/{id}", produces = "application/json")
    PlanJson get(@PathVariable String id) {
        return plans.find(id).map(PlanJson::of).orElseThrow(() -> ApiException.notFound("not_found", "Plan not found"));
    }

    @PutMapping(path = "/admin/v1/plans/{id}", consumes = "application/json", produces = "application/json")
    PlanJson save(@PathVariable String id, @RequestBody PlanJson body, HttpServletRequest request) {
        Plan plan;
        try {
            plan = body.toPlan(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", e.getMessage(), null);
        }
        Plan saved = plans.save(plan);
        audit.record(AdminKeyAuthentication.actor(request), null, "plan.saved", "plan", id);
        return PlanJson.of(saved);
    }
}
