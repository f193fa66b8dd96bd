package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Usage over a time range for {@code GET /v1/usage} (one tenant) and {@code GET /admin/v1/usage}
 * (one tenant or all). Served from the hourly aggregates: {@code from} is rounded down and {@code to}
 * up to whole hours (UTC).
 */
public interface UsageReports {

    UsageReport query(Optional<TenantId> tenant, Instant from, Instant to, UsageGroupBy groupBy);
}
