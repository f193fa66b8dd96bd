package dev.lmaas.platform.api.console;

import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.BudgetControls;
import dev.lmaas.platform.ui.port.Money;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The console's budget page and banner, through billing's budgets; changes land in the tenant's audit trail. */
@Component
class ConsoleBudgets implements BudgetControls {

    private final Budgets budgets;
    private final Plans plans;
    private final TenantDirectory tenants;
    private final ActivityLog audit;

    ConsoleBudgets(Budgets budgets, Plans plans, TenantDirectory tenants, ActivityLog audit) {
        this.budgets = budgets;
        this.plans = plans;
        this.tenants = tenants;
        this.audit = audit;
    }

    @Override
    public Optional<Summary> tenantBudget(TenantId tenant) {
        String currency = plans.find(tenants.get(tenant).planId()).map(p -> p.currency()).orElse("usd");
        return budgets.status(tenant, Optional.empty()).map(s -> summary(s, currency));
    }

    @Override
    public Summary setTenantBudget(TenantId tenant, long limitMicros, boolean hardLimit, List<Integer> thresholds, Actor actor) {
        Budget budget;
        try {
            Optional<Budget> old = budgets.find(tenant, Optional.empty());
            budget = new Budget(tenant, Optional.empty(), limitMicros, hardLimit, thresholds.isEmpty() ? null : thresholds,
                    old.map(Budget::timeZone).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage().replace("'monthly_limit_micros'", "The budget")
                    .replace("'alert_thresholds'", "Alerts"), e.getMessage().contains("threshold") ? "thresholds" : "limit");
        }
        budgets.save(budget);
        audit.record(actor, tenant, "budget.saved", "budget", "tenant");
        return tenantBudget(tenant).orElseThrow();
    }

    @Override
    public boolean removeTenantBudget(TenantId tenant, Actor actor) {
        boolean removed = budgets.remove(tenant, Optional.empty());
        if (removed) {
            audit.record(actor, tenant, "budget.removed", "budget", "tenant");
        }
        return removed;
    }

    private static Summary summary(Budgets.Status s, String currency) {
        Budget b = s.budget();
        int used = b.monthlyLimitMicros() == 0 ? (s.spentMicros() > 0 ? 100 : 0)
                : (int) Math.min(10_000, s.spentMicros() * 100 / b.monthlyLimitMicros());
        int crossed = b.alertThresholds().stream().filter(t -> (long) t * b.monthlyLimitMicros() <= s.spentMicros() * 100 && s.spentMicros() > 0)
                .mapToInt(Integer::intValue).max().orElse(0);
        return new Summary(Money.of(b.monthlyLimitMicros(), currency), Money.of(s.spentMicros(), currency), Money.of(s.reservedMicros(), currency),
                b.hardLimit(), b.alertThresholds(), s.period().toString().substring(0, 7), b.timeZone().getId(), used, crossed);
    }
}
