package dev.lmaas.platform.ui.dashboard;

import dev.lmaas.platform.ui.port.BudgetControls;
import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Formats;
import dev.lmaas.platform.ui.web.UsageCharts;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The tenant's dashboard: this period's requests, tokens and cost against the plan, per day and per model, and recent errors. */
@Controller
class DashboardController {

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ObjectProvider<UsageReports> usage;
    private final ObjectProvider<BudgetControls> budgets;
    private final Formats formats;

    DashboardController(ObjectProvider<UsageReports> usage, ObjectProvider<BudgetControls> budgets, Formats formats, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.usage = usage;
        this.budgets = budgets;
        this.formats = formats;
    }

    @GetMapping("/dashboard")
    String dashboard(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String period,
                     @RequestParam(required = false) String welcome, Model model) {
        if (welcome != null && me.memberRole() != null) {
            model.addAttribute("notice", messages.get("notice.joined", messages.get("role." + me.memberRole().name() + ".lower"),
                    messages.get("role." + me.memberRole().name() + ".description")));
        }
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        YearMonth month = parse(period, current);
        model.addAttribute("period", month);
        model.addAttribute("previous", month.minusMonths(1));
        model.addAttribute("next", month.isBefore(current) ? month.plusMonths(1) : null);
        // The banner: once the month's spend reaches one of the budget's alert thresholds.
        BudgetControls budget = budgets.getIfAvailable();
        model.addAttribute("budget", budget == null ? null
                : budget.tenantBudget(me.tenant()).filter(b -> b.crossedPercent() > 0).orElse(null));
        UsageReports reports = usage.getIfAvailable();
        model.addAttribute("available", reports != null);
        if (reports != null) {
            TenantUsage u = reports.forTenant(me.tenant(), month);
            model.addAttribute("usage", u);
            model.addAttribute("perDay", UsageCharts.requestsPerDay(u, formats));
            model.addAttribute("perModel", UsageCharts.tokensPerModel(u, formats));
        }
        return "dashboard";
    }

    static YearMonth parse(String period, YearMonth fallback) {
        if (period == null || period.isBlank()) {
            return fallback;
        }
        try {
            YearMonth m = YearMonth.parse(period.strip());
            return m.isAfter(fallback) ? fallback : m;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
