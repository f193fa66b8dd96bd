package dev.lmaas.platform.ui.port;

import java.util.List;

/**
 * A plan as the console shows and edits it.
 *
 * @param allowedModels model ids the plan may call; empty means every model
 */
public record PlanDetails(String id, String name, PlanLimits limits, Money monthlyPrice, List<String> allowedModels) {

    public PlanDetails {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        limits = limits == null ? PlanLimits.UNLIMITED : limits;
    }
}
