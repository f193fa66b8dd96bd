package dev.lmaas.platform.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** A budget as {@code /v1/budget} and {@code /admin/v1/.../budget} show it; money in micro-units of the plan's currency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetJson(String object, @JsonProperty("tenant_id") String tenantId, @JsonProperty("api_key_id") String apiKeyId,
                         @JsonProperty("monthly_limit_micros") long monthlyLimitMicros, @JsonProperty("hard_limit") boolean hardLimit,
                         @JsonProperty("alert_thresholds") List<Integer> alertThresholds, @JsonProperty("time_zone") String timeZone,
                         String currency, String period, @JsonProperty("spent_micros") long spentMicros,
                         @JsonProperty("reserved_micros") long reservedMicros, @JsonProperty("remaining_micros") long remainingMicros) {

    /** The body of a PUT. */
    public record Request(@JsonProperty("monthly_limit_micros") Long monthlyLimitMicros, @JsonProperty("hard_limit") Boolean hardLimit,
                          @JsonProperty("alert_thresholds") List<Integer> alertThresholds, @JsonProperty("time_zone") String timeZone) {

        /** The budget it asks for, or a 400 naming what is wrong. */
        public Budget toBudget(TenantId tenant, Optional<ApiKeyId> key) {
            if (monthlyLimitMicros == null) {
                throw ApiException.invalidRequest("missing_parameter", "'monthly_limit_micros' is required (integer micro-units of the plan's currency).",
                        "monthly_limit_micros");
            }
            try {
                return new Budget(tenant, key, monthlyLimitMicros, Boolean.TRUE.equals(hardLimit), alertThresholds, Budget.zone(timeZone));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest("invalid_value", e.getMessage(), null);
            }
        }
    }

    /** {@code withIds}: the admin API names the tenant and key; the tenant's own API does not need to. */
    public static BudgetJson of(Budgets.Status s, String currency, boolean withIds) {
        Budget b = s.budget();
        return new BudgetJson("budget", withIds ? b.tenant().toString() : null, withIds ? b.key().map(k -> k.value().toString()).orElse(null) : null,
                b.monthlyLimitMicros(), b.hardLimit(), b.alertThresholds(), b.timeZone().getId(), currency, s.period().toString().substring(0, 7),
                s.spentMicros(), s.reservedMicros(), Math.max(0, b.monthlyLimitMicros() - s.spentMicros() - s.reservedMicros()));
    }
}
