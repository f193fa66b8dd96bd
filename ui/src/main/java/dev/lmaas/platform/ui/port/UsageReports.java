package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Usage figures, as metered for billing. */
public interface UsageReports {

    /** The tenant's figures for the period (requests, tokens, cost, per day and per model, recent errors). */
    TenantUsage forTenant(TenantId tenant, YearMonth period);

    /** The tenant's totals per calendar month (UTC), {@code from} to {@code to} inclusive, oldest first: the console's statements. */
    List<MonthTotal> months(TenantId tenant, YearMonth from, YearMonth to);

    record MonthTotal(YearMonth month, long requests, long tokens, Money cost) {
    }

    /** Usage of every tenant between two days (both included, UTC), one row per day, tenant and model. */
    List<UsageRow> acrossTenants(LocalDate from, LocalDate to);
}
