package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A monthly spending budget for a tenant (no key) or one of its API keys, in integer micro-units of the plan's
 * currency. With {@code hardLimit} calls are refused ({@code budget_exceeded}) before the spend would pass the
 * limit; alerts fire once per period as the spend crosses each threshold (percent of the limit). The period is
 * the calendar month in {@code timeZone}.
 */
public record Budget(TenantId tenant, Optional<ApiKeyId> key, long monthlyLimitMicros, boolean hardLimit, List<Integer> alertThresholds,
                     ZoneId timeZone) {

    /** Far above any real budget (a billion units of currency), far below overflow in cost arithmetic. */
    public static final long MAX_LIMIT_MICROS = 1_000_000_000_000_000L;
    public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);

    public Budget {
        Objects.requireNonNull(tenant, "tenant");
        key = key == null ? Optional.empty() : key;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        if (monthlyLimitMicros < 0 || monthlyLimitMicros > MAX_LIMIT_MICROS) {
            throw new IllegalArgumentException("'monthly_limit_micros' must be between 0 and " + MAX_LIMIT_MICROS + ".");
        }
        alertThresholds = alertThresholds == null ? DEFAULT_THRESHOLDS : alertThresholds.stream().sorted().distinct().toList();
        if (alertThresholds.size() > 10) {
            throw new IllegalArgumentException("'alert_thresholds' takes at most 10 percentages.");
        }
        for (Integer t : alertThresholds) {
            if (t == null || t < 1 || t > 1000) {
                throw new IllegalArgumentException("Each alert threshold must be a percentage of the limit between 1 and 1000.");
            }
        }
    }

    /** Parses an IANA zone name such as {@code Asia/Shanghai}; a caller error otherwise. */
    public static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'time_zone' must be an IANA time zone such as UTC or Asia/Shanghai.");
        }
    }
}
