package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.json.BudgetJson;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.BudgetWebhookSettings;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monthly spending budgets of a tenant ({@code /admin/v1/tenants/{id}/budget}) and of one API key
 * ({@code /admin/v1/api-keys/{id}/budget}): set with {@code PUT}, read with the period's spend so far, removed
 * with {@code DELETE}. Money in integer micro-units of the tenant's plan currency.
 */
@RestController
@RequestMapping(produces = "application/json")
class BudgetsAdminController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookJson(String object, @JsonProperty("tenant_id") String tenantId, String url, @JsonProperty("signing_secret") String signingSecret,
                       @JsonProperty("signature_header") String signatureHeader) {
        static WebhookJson of(BudgetWebhookSettings.Webhook w) {
            return new WebhookJson("budget_webhook", w.tenant().toString(), w.url().toString(), w.signingSecret().orElse(null), "LMaaS-Signature");
        }
    }

    record WebhookRequest(String url) {
    }

    private final Budgets budgets;
    private final BudgetWebhookSettings webhooks;
    private final TenantDirectory tenants;
    private final ApiKeyIssuer keys;
    private final Plans plans;
    private final AuditLog audit;

    BudgetsAdminController(Budgets budgets, BudgetWebhookSettings webhooks, TenantDirectory tenants, ApiKeyIssuer keys, Plans plans,
                           AuditLog audit) {
        this.budgets = budgets;
        this.webhooks = webhooks;
        this.tenants = tenants;
        this.keys = keys;
        this.plans = plans;
        this.audit = audit;
    }

    @GetMapping("/admin/v1/tenants/{id}/budget")
    BudgetJson tenantBudget(@PathVariable UUID id) {
        return show(tenant(id), Optional.empty());
    }

    @PutMapping(path = "/admin/v1/tenants/{id}/budget", consumes = "application/json")
    BudgetJson setTenantBudget(@PathVariable UUID id, @RequestBody(required = false) BudgetJson.Request body, HttpServletRequest request) {
        return save(tenant(id), Optional.empty(), body, request);
    }

    @DeleteMapping("/admin/v1/tenants/{id}/budget")
    Map<String, Object> removeTenantBudget(@PathVariable UUID id, HttpServletRequest request) {
        return remove(tenant(id), Optional.empty(), request);
    }

    @GetMapping("/admin/v1/api-keys/{id}/budget")
    BudgetJson keyBudget(@PathVariable UUID id) {
        return show(keys.view(new ApiKeyId(id)).tenantId(), Optional.of(new ApiKeyId(id)));
    }

    @PutMapping(path = "/admin/v1/api-keys/{id}/budget", consumes = "application/json")
    BudgetJson setKeyBudget(@PathVariable UUID id, @RequestBody(required = false) BudgetJson.Request body, HttpServletRequest request) {
        return save(keys.view(new ApiKeyId(id)).tenantId(), Optional.of(new ApiKeyId(id)), body, request);
    }

    @DeleteMapping("/admin/v1/api-keys/{id}/budget")
    Map<String, Object> removeKeyBudget(@PathVariable UUID id, HttpServletRequest request) {
        return remove(keys.view(new ApiKeyId(id)).tenantId(), Optional.of(new ApiKeyId(id)), request);
    }

    /** Sets the URL budget alerts are POSTed to; the answer carries the signing secret (also kept on a URL change). */
    @PutMapping(path = "/admin/v1/tenants/{id}/budget/webhook", consumes = "application/json")
    WebhookJson setWebhook(@PathVariable UUID id, @RequestBody(required = false) WebhookRequest body, HttpServletRequest request) {
        TenantId tenant = tenant(id);
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw ApiException.invalidRequest("missing_parameter", "'url' is required.", "url");
        }
        BudgetWebhookSettings.Webhook w;
        try {
            w = webhooks.set(tenant, body.url());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", e.getMessage(), "url");
        }
        audit.record(AdminKeyAuthentication.actor(request), tenant, "budget.webhook_set", "budget_webhook", w.url().getHost());
        return WebhookJson.of(w);
    }

    @GetMapping("/admin/v1/tenants/{id}/budget/webhook")
    WebhookJson webhook(@PathVariable UUID id) {
        return webhooks.find(tenant(id)).map(WebhookJson::of).orElseThrow(() -> ApiException.notFound("webhook_not_found",
                "No budget webhook is set for this tenant."));
    }

    @PostMapping("/admin/v1/tenants/{id}/budget/webhook/rotate-secret")
    WebhookJson rotateWebhookSecret(@PathVariable UUID id, HttpServletRequest request) {
        TenantId tenant = tenant(id);
        BudgetWebhookSettings.Webhook w = webhooks.rotateSecret(tenant).orElseThrow(() -> ApiException.notFound("webhook_not_found",
                "No budget webhook is set for this tenant."));
        audit.record(AdminKeyAuthentication.actor(request), tenant, "budget.webhook_secret_rotated", "budget_webhook", w.url().getHost());
        return WebhookJson.of(w);
    }

    @DeleteMapping("/admin/v1/tenants/{id}/budget/webhook")
    Map<String, Object> removeWebhook(@PathVariable UUID id, HttpServletRequest request) {
        TenantId tenant = tenant(id);
        if (!webhooks.remove(tenant)) {
            throw ApiException.notFound("webhook_not_found", "No budget webhook is set for this tenant.");
        }
        audit.record(AdminKeyAuthentication.actor(request), tenant, "budget.webhook_removed", "budget_webhook", "-");
        return Map.of("object", "budget_webhook", "deleted", true);
    }

    private TenantId tenant(UUID id) {
        return tenants.get(new TenantId(id)).id(); // 404 for an unknown or deleted tenant
    }

    private BudgetJson save(TenantId tenant, Optional<ApiKeyId> key, BudgetJson.Request body, HttpServletRequest request) {
        Budget budget = (body == null ? new BudgetJson.Request(null, null, null, null) : body).toBudget(tenant, key);
        budgets.save(budget);
        audit.record(AdminKeyAuthentication.actor(request), tenant, "budget.saved", "budget", target(key));
        return show(tenant, key);
    }

    private Map<String, Object> remove(TenantId tenant, Optional<ApiKeyId> key, HttpServletRequest request) {
        if (!budgets.remove(tenant, key)) {
            throw ApiException.notFound("budget_not_found", "No budget is set for this " + (key.isPresent() ? "API key" : "tenant") + ".");
        }
        audit.record(AdminKeyAuthentication.actor(request), tenant, "budget.removed", "budget", target(key));
        return Map.of("object", "budget", "deleted", true);
    }

    private BudgetJson show(TenantId tenant, Optional<ApiKeyId> key) {
        Budgets.Status s = budgets.status(tenant, key).orElseThrow(() -> ApiException.notFound("budget_not_found",
                "No budget is set for this " + (key.isPresent() ? "API key" : "tenant") + "."));
        return BudgetJson.of(s, plans.find(tenants.get(tenant).planId()).map(p -> p.currency()).orElse("usd"), true);
    }

    private static String target(Optional<ApiKeyId> key) {
        return key.map(k -> "key " + k.value()).orElse("tenant");
    }
}
