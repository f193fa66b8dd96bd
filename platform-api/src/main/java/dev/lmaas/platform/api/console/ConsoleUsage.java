package dev.lmaas.platform.api.console;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageReport;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.port.UsageRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The console's usage figures, through the owning modules' query APIs: billing's usage reports (the same
 * aggregates {@code /v1/usage} and {@code /admin/v1/usage} answer from), tenant-admin's directory for names
 * and plans, and its audit log for recent errors. No SQL of its own: it owns no table.
 */
@Component
class ConsoleUsage implements UsageReports {

    /** The admin table's row cap (a year of days x tenants x models is far below it on any real installation). */
    static final int MAX_ROWS = 100_000;

    private final dev.lmaas.platform.billing.UsageReports usage;
    private final AuditLog audit;
    private final TenantDirectory tenants;
    private final Plans plans;

    ConsoleUsage(dev.lmaas.platform.billing.UsageReports usage, AuditLog audit, TenantDirectory tenants, Plans plans) {
        this.usage = usage;
        this.audit = audit;
        this.tenants = tenants;
        this.plans = plans;
    }

    @Override
    public TenantUsage forTenant(TenantId tenant, YearMonth period) {
        String planId = tenants.get(tenant).planId();
        Plan plan = plans.require(planId);
        String currency = plan.currency();
        Instant from = period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<TenantUsage.Day> days = usage.query(Optional.of(tenant), from, to, UsageGroupBy.DAY).rows().stream()
                .map(r -> new TenantUsage.Day(LocalDate.parse(r.group()), r.requests(), tokens(r), Money.of(r.costMicros(), currency)))
                .sorted(Comparator.comparing(TenantUsage.Day::day)).toList();
        List<TenantUsage.ModelTotal> models = usage.query(Optional.of(tenant), from, to, UsageGroupBy.MODEL).rows().stream()
                .map(r -> new TenantUsage.ModelTotal(r.group(), r.requests(), tokens(r), Money.of(r.costMicros(), currency)))
                .sorted(Comparator.comparingLong(TenantUsage.ModelTotal::tokens).reversed()).toList();
        long requests = days.stream().mapToLong(TenantUsage.Day::requests).sum();
        long tokens = days.stream().mapToLong(TenantUsage.Day::tokens).sum();
        long cost = days.stream().mapToLong(d -> d.cost().micros()).sum();
        List<TenantUsage.RecentError> errors = audit.recentApiErrors(tenant, from, 10).stream()
                .map(ConsoleUsage::recentError).toList();
        return new TenantUsage(period, planId, ConsolePlans.limits(plan), new TenantUsage.Totals(requests, tokens, Money.of(cost, currency)),
                days, models, errors);
    }

    @Override
    public List<MonthTotal> months(TenantId tenant, YearMonth from, YearMonth to) {
        String currency = plans.find(tenants.get(tenant).planId()).map(Plan::currency).orElse("usd");
        Instant start = from.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<YearMonth, long[]> byMonth = new java.util.TreeMap<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            byMonth.put(m, new long[3]);
        }
        for (UsageReport.Row r : usage.query(Optional.of(tenant), start, end, UsageGroupBy.DAY).rows()) {
            long[] sums = byMonth.computeIfAbsent(YearMonth.from(LocalDate.parse(r.group())), m -> new long[3]);
            sums[0] += r.requests();
            sums[1] += tokens(r);
            sums[2] += r.costMicros();
        }
        return byMonth.entrySet().stream().map(e -> new MonthTotal(e.getKey(), e.getValue()[0], e.getValue()[1],
                Money.of(e.getValue()[2], currency))).toList();
    }

    @Override
    public List<UsageRow> acrossTenants(LocalDate from, LocalDate to) {
        List<dev.lmaas.platform.billing.UsageReports.DailyUsage> rows = usage.daily(from, to, MAX_ROWS);
        Set<TenantId> ids = rows.stream().map(dev.lmaas.platform.billing.UsageReports.DailyUsage::tenant).collect(Collectors.toSet());
        Map<TenantId, TenantView> views = tenants.views(ids);
        Map<String, String> currencies = new HashMap<>();
        return rows.stream().map(r -> {
                    TenantView t = views.get(r.tenant());
                    String name = t == null ? r.tenant().toString() : t.name();
                    String currency = t == null ? "usd"
                            : currencies.computeIfAbsent(t.planId(), p -> plans.find(p).map(Plan::currency).orElse("usd"));
                    return new UsageRow(r.day(), r.tenant(), name, r.model(), r.requests(), r.tokens(), Money.of(r.costMicros(), currency));
                })
                .sorted(Comparator.comparing(UsageRow::day).thenComparing(UsageRow::tenantName).thenComparing(UsageRow::model))
                .toList();
    }

    private static long tokens(UsageReport.Row r) {
        return r.promptTokens() + r.completionTokens();
    }

    private static TenantUsage.RecentError recentError(AuditEntry e) {
        return new TenantUsage.RecentError(e.occurredAt(), e.requestId(), e.model(), e.status() == null ? 0 : e.status(), e.errorCode(),
                ErrorMessages.describe(e.errorCode()));
    }
}
