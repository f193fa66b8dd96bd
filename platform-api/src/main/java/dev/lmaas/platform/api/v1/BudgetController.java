package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/budget} (keys with {@code usage:read}) and {@code PUT /v1/budget} (keys granted {@code budget:write}, never a
 * default): the calling key's tenant's monthly budget with the period's spend, in micro-units of the plan's currency.
 */
@RestController
class BudgetController {

    record BudgetRequest(@JsonProperty("monthly_limit_micros") Long monthlyLimitMicros, @JsonProperty("hard_limit") Boolean hardLimit,
                         @JsonProperty("alert_thresholds") List<Integer> alertThresholds, @JsonProperty("time_zone") String timeZone) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BudgetJson(String object, @JsonProperty("monthly_limit_micros") long monthlyLimitMicros, @JsonProperty("hard_limit") boolean hardLimit,
                      @JsonProperty("alert_thresholds") List<Integer> alertThresholds, @JsonProperty("time_zone") String timeZone, String currency,
                      String period, @JsonProperty("spent_micros") long spentMicros, @JsonProperty("reserved_micros") long reservedMicros,
                      @JsonProperty("remaining_micros") long remainingMicros) {
    }

    private final Budgets budgets;
    private final TenantDirectory tenants;
    private final Plans plans;
    private final ActivityLog audit;

    BudgetController(Budgets budgets, TenantDirectory tenants, Plans plans, ActivityLog audit) {
        this.budgets = budgets;
        this.tenants = tenants;
        this.plans = plans;
        this.audit = audit;
    }

    @GetMapping(path = "/v1/budget", produces = "application/json")
    BudgetJson get(HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        UsageController.requirePermission(key, KeyPermission.READ_USAGE, "the tenant's budget");
        return show(key);
    }

    @PutMapping(path = "/v1/budget", consumes = "application/json", produces = "application/json")
    BudgetJson put(@RequestBody(required = false) BudgetRequest body, HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        if (!key.may(KeyPermission.WRITE_BUDGET)) {
            throw new ApiException(403, "permission_error", "insufficient_permissions", "This API key may not set the tenant's budget: it needs "
                    + "the 'budget:write' permission, which is only ever granted explicitly.", null, null);
        }
        if (body == null || body.monthlyLimitMicros() == null) {
            throw ApiException.invalidRequest("missing_parameter", "'monthly_limit_micros' is required (integer micro-units of the plan's currency).",
                    "monthly_limit_micros");
        }
        Budget budget;
        try {
            budget = new Budget(key.tenantId(), Optional.empty(), body.monthlyLimitMicros(), Boolean.TRUE.equals(body.hardLimit()),
                    body.alertThresholds(), Budget.zone(body.timeZone()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", e.getMessage(), null);
        }
        budgets.save(budget);
        audit.record(Actor.apiKey(key.keyId().value().toString(), request.getRemoteAddr()), key.tenantId(), "budget.saved", "budget", "tenant");
        return show(key);
    }

    private BudgetJson show(VerifiedKey key) {
        Budgets.Status s = budgets.status(key.tenantId(), Optional.empty())
                .orElseThrow(() -> ApiException.notFound("budget_not_found", "No budget is set for this organization."));
        Budget b = s.budget();
        String currency = plans.find(tenants.get(key.tenantId()).planId()).map(p -> p.currency()).orElse("usd");
        return new BudgetJson("budget", b.monthlyLimitMicros(), b.hardLimit(), b.alertThresholds(), b.timeZone().getId(), currency,
                s.period().toString().substring(0, 7), s.spentMicros(), s.reservedMicros(),
                Math.max(0, b.monthlyLimitMicros() - s.spentMicros() - s.reservedMicros()));
    }
}
