package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Usage over a time range for {@code GET /v1/usage} (one tenant) and {@code GET /admin/v1/usage}
 * (one tenant or all). Served from the hourly aggregates: {@code from} is rounded down and {@code to}
 * up to whole hours (UTC).
 */
public interface UsageReports {

    UsageReport query(Optional<TenantId> tenant, Instant from, Instant to, UsageGroupBy groupBy);

    /**
     * Per UTC day, tenant and model, days {@code from} to {@code to} inclusive, from the daily aggregates
     * (the admin console's usage table and export); at most {@code limit} rows, ordered by day, tenant, model.
     */
    List<DailyUsage> daily(LocalDate from, LocalDate to, int limit);

    /** One day of one tenant's use of one model; cost in micro-units of the plan's currency at the time. */
    record DailyUsage(LocalDate day, TenantId tenant, String model, long requests, long errors, long tokens, long costMicros) {
    }
}
