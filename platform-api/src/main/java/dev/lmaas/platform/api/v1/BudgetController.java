package dev.lmaas.platform.api.v1;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.json.BudgetJson;
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
    BudgetJson put(@RequestBody(required = false) BudgetJson.Request body, HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        if (!key.may(KeyPermission.WRITE_BUDGET)) {
            throw new ApiException(403, "permission_error", "insufficient_permissions", "This API key may not set the tenant's budget: it needs "
                    + "the 'budget:write' permission, which is only ever granted explicitly.", null, null);
        }
        Budget budget = (body == null ? new BudgetJson.Request(null, null, null, null) : body).toBudget(key.tenantId(), Optional.empty());
        budgets.save(budget);
        audit.record(Actor.apiKey(key.keyId().value().toString(), request.getRemoteAddr()), key.tenantId(), "budget.saved", "budget", "tenant");
        return show(key);
    }

    private BudgetJson show(VerifiedKey key) {
        Budgets.Status s = budgets.status(key.tenantId(), Optional.empty())
                .orElseThrow(() -> ApiException.notFound("budget_not_found", "No budget is set for this organization."));
        return BudgetJson.of(s, plans.find(tenants.get(key.tenantId()).planId()).map(p -> p.currency()).orElse("usd"), false);
    }
}
