package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.UsageRetentionSettings;
import dev.lmaas.platform.tenant.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * How long a plan keeps raw usage records ({@code PUT/GET /admin/v1/plans/{id}/usage-retention},
 * {@code {"days": 400}} or {@code {"days": null}} for ever). Aggregates are always kept.
 */
@RestController
class UsageRetentionAdminController {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RetentionJson(String object, String plan, Integer days) {
    }

    private final UsageRetentionSettings retention;
    private final AuditLog audit;

    UsageRetentionAdminController(UsageRetentionSettings retention, AuditLog audit) {
        this.retention = retention;
        this.audit = audit;
    }

    @GetMapping(path = "/admin/v1/plans/{id}/usage-retention", produces = "application/json")
    RetentionJson get(@PathVariable String id) {
        requireKnown(id);
        return new RetentionJson("plan.usage_retention", id, retention.retention(id).orElse(null));
    }

    @PutMapping(path = "/admin/v1/plans/{id}/usage-retention", consumes = "application/json", produces = "application/json")
    RetentionJson set(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        if (body == null || !body.isObject() || !body.has("days") || !(body.get("days").isNull() || body.get("days").isIntegralNumber())) {
            throw ApiException.invalidRequest("invalid_value", "Send {\"days\": N} (" + UsageRetentionSettings.MIN_DAYS
                    + " to 36500) or {\"days\": null} to keep raw usage records forever.", "days");
        }
        Integer days = body.get("days").isNull() ? null : (body.get("days").canConvertToInt() ? body.get("days").asInt() : Integer.MAX_VALUE);
        boolean known;
        try {
            known = retention.setRetention(id, days);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", e.getMessage(), "days");
        }
        if (!known) {
            throw ApiException.notFound("not_found", "Plan not found");
        }
        audit.record(AdminKeyAuthentication.actor(request), null, "plan.usage_retention_set", "plan", id);
        return new RetentionJson("plan.usage_retention", id, days);
    }

    private void requireKnown(String id) {
        if (!retention.exists(id)) {
            throw ApiException.notFound("not_found", "Plan not found");
        }
    }
}
