package dev.lmaas.platform.billing.metering;

import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageReport;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Usage reports from the daily and hourly aggregates (never from the raw records, which grow with every call). */
@Component
class JdbcUsageReports implements UsageReports {

    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final JdbcTemplate jdbc;

    JdbcUsageReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UsageReport query(Optional<TenantId> tenant, Instant from, Instant to, UsageGroupBy groupBy) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).equals(to) ? to : to.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("a usage report covers at most 366 days");
        }
        // Whole UTC days come from usage_daily (24 times fewer rows), the hours before the first and
        // after the last whole day from usage_hourly: a 90-day report reads ~90 rows per tenant, key
        // and model instead of ~2,160, and both tables are read by time through an index (V103).
        Instant firstDay = start.truncatedTo(ChronoUnit.DAYS).equals(start) ? start : start.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Instant lastDay = end.truncatedTo(ChronoUnit.DAYS);
        boolean days = firstDay.isBefore(lastDay);
        String hourGroup = switch (groupBy) {
            case MODEL -> "model";
            case KEY -> "key_id::text";
            case DAY -> "to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
        };
        String dayGroup = switch (groupBy) {
            case MODEL -> "model";
            case KEY -> "key_id::text";
            case DAY -> "to_char(day, 'YYYY-MM-DD')";
        };
        String tenantColumn = tenant.isPresent() ? "NULL::text" : "tenant_id::text";
        String tenantFilter = tenant.isPresent() ? " AND tenant_id = ?" : "";
        String measures = "requests, errors, prompt_tokens, completion_tokens, inputs, cost_micros";
        List<Object> args = new ArrayList<>();
        StringBuilder parts = new StringBuilder();
        if (days) {
            parts.append("SELECT ").append(tenantColumn).append(" AS tenant, ").append(hourGroup).append(" AS grp, ").append(measures)
                    .append(" FROM usage_hourly WHERE ((hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?))").append(tenantFilter)
                    .append(" UNION ALL SELECT ").append(tenantColumn).append(", ").append(dayGroup).append(", ").append(measures)
                    .append(" FROM usage_daily WHERE day >= ?::date AND day < ?::date").append(tenantFilter);
            args.addAll(List.of(Timestamp.from(start), Timestamp.from(firstDay), Timestamp.from(lastDay), Timestamp.from(end)));
            tenant.ifPresent(t -> args.add(t.value()));
            args.addAll(List.of(firstDay.toString().substring(0, 10), lastDay.toString().substring(0, 10)));
            tenant.ifPresent(t -> args.add(t.value()));
        } else {
            parts.append("SELECT ").append(tenantColumn).append(" AS tenant, ").append(hourGroup).append(" AS grp, ").append(measures)
                    .append(" FROM usage_hourly WHERE hour >= ? AND hour < ?").append(tenantFilter);
            args.addAll(List.of(Timestamp.from(start), Timestamp.from(end)));
            tenant.ifPresent(t -> args.add(t.value()));
        }
        List<UsageReport.Row> rows = jdbc.query("SELECT tenant, grp, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), "
                        + "sum(inputs), sum(cost_micros) FROM (" + parts + ") u GROUP BY 1, 2 ORDER BY 1, 2",
                (rs, i) -> new UsageReport.Row(Optional.ofNullable(rs.getString(1)), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)),
                args.toArray());
        UsageReport.Totals totals = new UsageReport.Totals(
                rows.stream().mapToLong(UsageReport.Row::requests).sum(),
                rows.stream().mapToLong(UsageReport.Row::errors).sum(),
                rows.stream().mapToLong(UsageReport.Row::promptTokens).sum(),
                rows.stream().mapToLong(UsageReport.Row::completionTokens).sum(),
                rows.stream().mapToLong(UsageReport.Row::inputs).sum(),
                rows.stream().mapToLong(UsageReport.Row::costMicros).sum());
        return new UsageReport(start, end, groupBy, rows, totals);
    }

    @Override
    public List<UsageReports.DailyUsage> daily(LocalDate from, LocalDate to, int limit) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' must not be before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE.toDays()) {
            throw new IllegalArgumentException("a usage report covers at most 366 days");
        }
        return jdbc.query("SELECT day, tenant_id, model, sum(requests), sum(errors), sum(prompt_tokens + completion_tokens), sum(cost_micros) "
                        + "FROM usage_daily WHERE day BETWEEN ? AND ? GROUP BY day, tenant_id, model ORDER BY day, tenant_id, model LIMIT ?",
                (rs, i) -> new UsageReports.DailyUsage(rs.getDate(1).toLocalDate(), new TenantId(rs.getObject(2, UUID.class)), rs.getString(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)),
                java.sql.Date.valueOf(from), java.sql.Date.valueOf(to), Math.max(1, limit));
    }
}
