package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.billing.BillingAlerts;
import dev.lmaas.platform.billing.PlanUpgrades;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/billing/alerts}: what operators must look at — meter events Stripe refused for
 * good or that aged out, Stripe's meter error reports, and reconciliation drift per tenant.
 */
@RestController
class BillingAdminController {

    record AlertJson(long id, String kind, @JsonProperty("tenant_id") String tenantId, String message, @JsonProperty("created_at") String createdAt) {
    }

    record Alerts(String object, String mode, List<AlertJson> data) {
    }

    private final BillingAlerts alerts;
    private final PlanUpgrades upgrades;

    BillingAdminController(BillingAlerts alerts, PlanUpgrades upgrades) {
        this.alerts = alerts;
        this.upgrades = upgrades;
    }

    @GetMapping(path = "/admin/v1/billing/alerts", produces = "application/json")
    Alerts alerts(@RequestParam(defaultValue = "100") int limit) {
        return new Alerts("list", upgrades.online() ? "stripe" : "local", alerts.recent(Math.max(1, Math.min(limit, 1000))).stream()
                .map(a -> new AlertJson(a.id(), a.kind(), a.tenantId().orElse(null), a.message(), a.createdAt().toString())).toList());
    }
}
