package dev.lmaas.platform.ui.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A tenant's usage in one billing period (a calendar month, UTC), against its plan.
 *
 * @param perDay one entry per day that had usage (days without usage may be missing)
 * @param recentErrors the latest refused or failed calls, newest first
 */
public record TenantUsage(YearMonth period, String planId, PlanLimits limits, Totals totals, List<Day> perDay, List<ModelTotal> perModel,
                          List<RecentError> recentErrors) {

    public TenantUsage {
        perDay = List.copyOf(perDay);
        perModel = List.copyOf(perModel);
        recentErrors = List.copyOf(recentErrors);
    }

    public record Totals(long requests, long tokens, Money cost) {
    }

    public record Day(LocalDate day, long requests, long tokens, Money cost) {
    }

    public record ModelTotal(String model, long requests, long tokens, Money cost) {
    }

    public record RecentError(Instant at, String requestId, String model, int status, String code, String message) {
    }
}
