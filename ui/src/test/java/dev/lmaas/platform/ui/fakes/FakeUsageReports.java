package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.port.UsageRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;

/** Usage events in memory, aggregated the way the metering will; the fake playground records into it. */
public class FakeUsageReports implements UsageReports {

    /** One metered call (or a failed one, when {@code status} is not 200). */
    public record Event(TenantId tenant, String model, Instant at, long tokens, long costMicros, int status, String code, String requestId) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final ObjectProvider<TenantDirectory> tenants;
    private final FakePlanCatalog plans;

    public FakeUsageReports(ObjectProvider<TenantDirectory> tenants, FakePlanCatalog plans) {
        this.tenants = tenants;
        this.plans = plans;
    }

    public void record(Event e) {
        events.add(e);
    }

    @Override
    public TenantUsage forTenant(TenantId tenant, YearMonth period) {
        List<Event> mine = events.stream().filter(e -> e.tenant().equals(tenant) && YearMonth.from(e.at().atZone(ZoneOffset.UTC)).equals(period))
                .toList();
        List<Event> ok = mine.stream().filter(e -> e.status() == 200).toList();
        String planId = tenants.getObject().find(tenant).map(TenantView::planId).orElse("free");
        PlanLimits limits = plans.find(planId).map(PlanDetails::limits).orElse(PlanLimits.UNLIMITED);
        Map<LocalDate, List<Event>> byDay = new TreeMap<>(ok.stream().collect(Collectors.groupingBy(e -> LocalDate.ofInstant(e.at(), ZoneOffset.UTC))));
        Map<String, List<Event>> byModel = new TreeMap<>(ok.stream().collect(Collectors.groupingBy(Event::model)));
        return new TenantUsage(period, planId, limits, new TenantUsage.Totals(ok.size(), tokens(ok), money(ok)),
                byDay.entrySet().stream().map(d -> new TenantUsage.Day(d.getKey(), d.getValue().size(), tokens(d.getValue()), money(d.getValue())))
                        .toList(),
                byModel.entrySet().stream().map(m -> new TenantUsage.ModelTotal(m.getKey(), m.getValue().size(), tokens(m.getValue()),
                        money(m.getValue()))).toList(),
                mine.stream().filter(e -> e.status() != 200).sorted(Comparator.comparing(Event::at).reversed()).limit(10)
                        .map(e -> new TenantUsage.RecentError(e.at(), e.requestId(), e.model(), e.status(), e.code(), "Refused: " + e.code()))
                        .toList());
    }

    @Override
    public List<MonthTotal> months(TenantId tenant, YearMonth from, YearMonth to) {
        List<MonthTotal> out = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            TenantUsage u = forTenant(tenant, m);
            out.add(new MonthTotal(m, u.totals().requests(), u.totals().tokens(), u.totals().cost()));
        }
        return out;
    }

    @Override
    public List<UsageRow> acrossTenants(LocalDate from, LocalDate to) {
        record Key(LocalDate day, TenantId tenant, String model) {
        }
        Map<Key, List<Event>> grouped = events.stream().filter(e -> e.status() == 200)
                .filter(e -> {
                    LocalDate d = LocalDate.ofInstant(e.at(), ZoneOffset.UTC);
                    return !d.isBefore(from) && !d.isAfter(to);
                })
                .collect(Collectors.groupingBy(e -> new Key(LocalDate.ofInstant(e.at(), ZoneOffset.UTC), e.tenant(), e.model())));
        List<UsageRow> rows = new ArrayList<>();
        grouped.forEach((k, v) -> rows.add(new UsageRow(k.day(), k.tenant(),
                tenants.getObject().find(k.tenant()).map(TenantView::name).orElse("(deleted)"), k.model(), v.size(), tokens(v), money(v))));
        return rows;
    }

    private static long tokens(List<Event> events) {
        return events.stream().mapToLong(Event::tokens).sum();
    }

    private static Money money(List<Event> events) {
        return Money.of(events.stream().mapToLong(Event::costMicros).sum(), "USD");
    }
}
