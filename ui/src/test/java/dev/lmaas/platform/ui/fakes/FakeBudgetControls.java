package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.BudgetControls;
import dev.lmaas.platform.ui.port.Money;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Budgets in memory, with the same validation as billing's; tests set the spend to see the banner. */
public class FakeBudgetControls implements BudgetControls {

    private record Stored(long limit, boolean hard, List<Integer> thresholds) {
    }

    private final Map<TenantId, Stored> budgets = new ConcurrentHashMap<>();
    private final Map<TenantId, Long> spent = new ConcurrentHashMap<>();

    public void spend(TenantId tenant, long micros) {
        spent.put(tenant, micros);
    }

    @Override
    public Optional<Summary> tenantBudget(TenantId tenant) {
        return Optional.ofNullable(budgets.get(tenant)).map(b -> {
            long s = spent.getOrDefault(tenant, 0L);
            int used = b.limit() == 0 ? 0 : (int) (s * 100 / b.limit());
            int crossed = b.thresholds().stream().filter(t -> s > 0 && (long) t * b.limit() <= s * 100).mapToInt(Integer::intValue).max().orElse(0);
            return new Summary(Money.of(b.limit(), "usd"), Money.of(s, "usd"), Money.zero("usd"), b.hard(), b.thresholds(), "2026-12", "UTC",
                    used, crossed);
        });
    }

    @Override
    public Summary setTenantBudget(TenantId tenant, long limitMicros, boolean hardLimit, List<Integer> thresholds, Actor actor) {
        if (thresholds.stream().anyMatch(t -> t < 1 || t > 1000)) {
            throw new InvalidInputException("Each alert threshold must be a percentage of the limit between 1 and 1000.", "thresholds");
        }
        budgets.put(tenant, new Stored(limitMicros, hardLimit, thresholds.isEmpty() ? List.of(50, 80, 100) : thresholds));
        return tenantBudget(tenant).orElseThrow();
    }

    @Override
    public boolean removeTenantBudget(TenantId tenant, Actor actor) {
        return budgets.remove(tenant) != null;
    }
}
