package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The usage charts shared by the customer dashboard and the admin pages. */
public final class UsageCharts {

    private UsageCharts() {
    }

    /** One column per day of the period (days without usage drawn as zero), up to today. */
    public static BarChart requestsPerDay(TenantUsage u, Formats f) {
        Map<LocalDate, Long> byDay = u.perDay().stream().collect(Collectors.toMap(TenantUsage.Day::day, TenantUsage.Day::requests, Long::sum));
        LocalDate first = u.period().atDay(1);
        LocalDate last = u.period().atEndOfMonth();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        if (last.isAfter(today) && !first.isAfter(today)) {
            last = today;
        }
        return BarChart.columns("chart.requestsPerDay", days(first, last, byDay, f), f);
    }

    public static BarChart tokensPerModel(TenantUsage u, Formats f) {
        return BarChart.rows("chart.tokensPerModel", u.perModel().stream()
                .sorted((a, b) -> Long.compare(b.tokens(), a.tokens()))
                .map(m -> new BarChart.Entry(m.model(), m.tokens(), f.tokens(m.tokens())))
                .toList());
    }

    public static BarChart requestsPerDay(List<UsageRow> rows, LocalDate from, LocalDate to, Formats f) {
        Map<LocalDate, Long> byDay = rows.stream().collect(Collectors.toMap(UsageRow::day, UsageRow::requests, Long::sum));
        return BarChart.columns("chart.requestsPerDayAll", days(from, to, byDay, f), f);
    }

    public static BarChart tokensPerTenant(List<UsageRow> rows, Formats f) {
        Map<String, Long> byTenant = new TreeMap<>(rows.stream().collect(Collectors.toMap(UsageRow::tenantName, UsageRow::tokens, Long::sum)));
        return BarChart.rows("chart.tokensPerTenant", byTenant.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                .map(e -> new BarChart.Entry(e.getKey(), e.getValue(), f.tokens(e.getValue()))).toList());
    }

    private static List<BarChart.Entry> days(LocalDate first, LocalDate last, Map<LocalDate, Long> byDay, Formats f) {
        return first.datesUntil(last.plusDays(1))
                .map(d -> {
                    long v = byDay.getOrDefault(d, 0L);
                    return new BarChart.Entry(f.day(d), v, f.day(d) + ": " + f.requests(v));
                }).toList();
    }
}
