package dev.lmaas.platform.api.console;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.port.UsageRow;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The console's usage figures, read from billing's daily aggregates and the audit log's errors. */
@Component
class ConsoleUsage implements UsageReports {

    private final JdbcTemplate jdbc;
    private final TenantDirectory tenants;
    private final Plans plans;

    ConsoleUsage(JdbcTemplate jdbc, TenantDirectory tenants, Plans plans) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.plans = plans;
    }

    @Override
    public TenantUsage forTenant(TenantId tenant, YearMonth period) {
        String planId = tenants.get(tenant).planId();
        Plan plan = plans.require(planId);
        String currency = plan.currency();
        Date from = Date.valueOf(period.atDay(1));
        Date to = Date.valueOf(period.atEndOfMonth());
        List<TenantUsage.Day> days = jdbc.query("SELECT day, sum(requests) r, sum(prompt_tokens + completion_tokens) t, sum(cost_micros) c "
                        + "FROM usage_daily WHERE tenant_id = ? AND day BETWEEN ? AND ? GROUP BY day ORDER BY day",
                (rs, i) -> new TenantUsage.Day(rs.getDate("day").toLocalDate(), rs.getLong("r"), rs.getLong("t"), Money.of(rs.getLong("c"), currency)),
                tenant.value(), from, to);
        List<TenantUsage.ModelTotal> models = jdbc.query("SELECT model, sum(requests) r, sum(prompt_tokens + completion_tokens) t, sum(cost_micros) c "
                        + "FROM usage_daily WHERE tenant_id = ? AND day BETWEEN ? AND ? GROUP BY model ORDER BY t DESC",
                (rs, i) -> new TenantUsage.ModelTotal(rs.getString("model"), rs.getLong("r"), rs.getLong("t"), Money.of(rs.getLong("c"), currency)),
                tenant.value(), from, to);
        long requests = days.stream().mapToLong(TenantUsage.Day::requests).sum();
        long tokens = days.stream().mapToLong(TenantUsage.Day::tokens).sum();
        long cost = days.stream().mapToLong(d -> d.cost().micros()).sum();
        List<TenantUsage.RecentError> errors = jdbc.query("SELECT occurred_at, request_id, model, status, error_code FROM audit_log "
                        + "WHERE tenant_id = ? AND kind = 'api' AND status >= 400 AND occurred_at >= ? ORDER BY occurred_at DESC LIMIT 10",
                (rs, i) -> new TenantUsage.RecentError(rs.getTimestamp("occurred_at").toInstant(), rs.getString("request_id"), rs.getString("model"),
                        rs.getInt("status"), rs.getString("error_code"), ErrorMessages.describe(rs.getString("error_code"))),
                tenant.value(), Timestamp.from(period.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        return new TenantUsage(period, planId, ConsolePlans.limits(plan), new TenantUsage.Totals(requests, tokens, Money.of(cost, currency)),
                days, models, errors);
    }

    @Override
    public List<UsageRow> acrossTenants(LocalDate from, LocalDate to) {
        return jdbc.query("SELECT u.day, u.tenant_id, t.name, u.model, sum(u.requests) r, sum(u.prompt_tokens + u.completion_tokens) tk, "
                        + "sum(u.cost_micros) c, p.currency FROM usage_daily u JOIN tenants t ON t.id = u.tenant_id JOIN plans p ON p.id = t.plan_id "
                        + "WHERE u.day BETWEEN ? AND ? GROUP BY u.day, u.tenant_id, t.name, u.model, p.currency ORDER BY u.day, t.name, u.model LIMIT 100000",
                (rs, i) -> new UsageRow(rs.getDate("day").toLocalDate(), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
                        rs.getString("model"), rs.getLong("r"), rs.getLong("tk"), Money.of(rs.getLong("c"), rs.getString("currency"))),
                Date.valueOf(from), Date.valueOf(to));
    }
}
