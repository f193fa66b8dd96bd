package dev.lmaas.platform.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A usage report: one row per group (model name, key id or ISO day) and, for admin reports across
 * tenants, per tenant. Costs are integer micro-units.
 */
public record UsageReport(Instant from, Instant to, UsageGroupBy groupBy, List<Row> rows, Totals totals) {

    public record Row(Optional<String> tenantId, String group, long requests, long errors, long promptTokens,
                      long completionTokens, long inputs, long costMicros) {
    }

    public record Totals(long requests, long errors, long promptTokens, long completionTokens, long inputs,
                         long costMicros) {
    }
}
