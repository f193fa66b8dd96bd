package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.port.UsageRow;
import dev.lmaas.platform.ui.web.CsvWriter;
import dev.lmaas.platform.ui.web.Formats;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import dev.lmaas.platform.ui.web.UsageCharts;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin: usage across tenants between two days, as a chart, a table and a CSV export. */
@Controller
@RequestMapping("/admin/usage")
class AdminUsageController {

    /** A tenant's totals over the range. */
    record TenantTotal(String tenantId, String tenantName, long requests, long tokens, dev.lmaas.platform.ui.port.Money cost) {
    }

    static final int MAX_DAYS = 366;
    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ObjectProvider<UsageReports> usage;
    private final Formats formats;

    AdminUsageController(ObjectProvider<UsageReports> usage, Formats formats, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.usage = usage;
        this.formats = formats;
    }

    @GetMapping
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        Range range = Range.parse(from, to);
        model.addAttribute("from", range.from());
        model.addAttribute("to", range.to());
        model.addAttribute("rangeError", range.error() == null ? null : messages.get(range.error(), MAX_DAYS));
        UsageReports reports = usage.getIfAvailable();
        model.addAttribute("available", reports != null);
        if (reports != null) {
            List<UsageRow> rows = sorted(reports.acrossTenants(range.from(), range.to()));
            model.addAttribute("rows", rows);
            model.addAttribute("perDay", UsageCharts.requestsPerDay(rows, range.from(), range.to(), formats));
            model.addAttribute("perTenant", UsageCharts.tokensPerTenant(rows, formats));
            model.addAttribute("totals", totals(rows));
        }
        return "admin/usage";
    }

    @GetMapping("/export.csv")
    void csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to, HttpServletResponse response)
            throws IOException {
        UsageReports reports = usage.getIfAvailable();
        if (reports == null) {
            throw new PortUnavailableException("unavailable.usageReports");
        }
        Range range = Range.parse(from, to);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"lmaas-usage-" + range.from() + "-to-" + range.to() + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        CsvWriter csv = new CsvWriter(response.getWriter());
        csv.row(List.of("day", "tenant_id", "tenant_name", "model", "requests", "tokens", "cost", "currency"));
        for (UsageRow r : sorted(reports.acrossTenants(range.from(), range.to()))) {
            csv.row(List.of(r.day(), r.tenantId(), r.tenantName(), r.model(), r.requests(), r.tokens(),
                    BigDecimal.valueOf(r.cost().micros(), 6).toPlainString(), r.cost().currency()));
        }
    }

    private static List<UsageRow> sorted(List<UsageRow> rows) {
        return rows.stream().sorted(Comparator.comparing(UsageRow::day).reversed().thenComparing(UsageRow::tenantName)
                .thenComparing(UsageRow::model)).toList();
    }

    private static List<TenantTotal> totals(List<UsageRow> rows) {
        Map<String, TenantTotal> byTenant = new LinkedHashMap<>();
        for (UsageRow r : rows) {
            byTenant.merge(r.tenantId().toString(), new TenantTotal(r.tenantId().toString(), r.tenantName(), r.requests(), r.tokens(),
                    r.cost()), (a, b) -> new TenantTotal(a.tenantId(), a.tenantName(), a.requests() + b.requests(), a.tokens() + b.tokens(),
                    new dev.lmaas.platform.ui.port.Money(a.cost().micros() + b.cost().micros(), a.cost().currency())));
        }
        return byTenant.values().stream().sorted(Comparator.comparingLong(TenantTotal::tokens).reversed()).toList();
    }

    /** A day range from the query (default: the last 30 days), clamped to {@link #MAX_DAYS}. */
    record Range(LocalDate from, LocalDate to, String error) {

        static Range parse(String from, String to) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            try {
                LocalDate t = to == null || to.isBlank() ? today : LocalDate.parse(to.strip());
                LocalDate f = from == null || from.isBlank() ? t.minusDays(29) : LocalDate.parse(from.strip());
                if (f.isAfter(t)) {
                    return new Range(t.minusDays(29), t, "usage.range.reversed");
                }
                if (f.plusDays(MAX_DAYS).isBefore(t)) {
                    return new Range(t.minusDays(MAX_DAYS - 1), t, "usage.range.tooLong");
                }
                return new Range(f, t, null);
            } catch (DateTimeParseException e) {
                return new Range(today.minusDays(29), today, "usage.range.invalid");
            }
        }
    }
}
