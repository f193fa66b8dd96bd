package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** The organization's monthly spending budget as the console shows and edits it. */
public interface BudgetControls {

    /**
     * @param usedPercent     settled spend as a percentage of the limit (may pass 100 on a soft budget)
     * @param crossedPercent  the highest alert threshold the spend has reached this period, 0 if none
     */
    record Summary(Money limit, Money spent, Money reserved, boolean hardLimit, List<Integer> thresholds, String period, String timeZone,
                   int usedPercent, int crossedPercent) {
    }

    Optional<Summary> tenantBudget(TenantId tenant);

    /**
     * @throws dev.lmaas.platform.tenant.InvalidInputException for a negative limit or thresholds outside 1..1000
     */
    Summary setTenantBudget(TenantId tenant, long limitMicros, boolean hardLimit, List<Integer> thresholds, Actor actor);

    /** False when there was none. */
    boolean removeTenantBudget(TenantId tenant, Actor actor);
}
