package dev.lmaas.platform.ui.port;

import java.util.List;

/**
 * A plan as the console shows and edits it.
 *
 * @param allowedModels model ids the plan may call; empty means every model
 * @param pricePerMillionTokens what a million tokens cost on top of the monthly price (zero: nothing)
 * @param overageAllowed past the monthly token quota, bill the extra tokens instead of refusing calls
 * @param maxRetentionDays the longest a tenant on the plan may keep request payloads (encrypted); 0: not at all
 */
public record PlanDetails(String id, String name, PlanLimits limits, Money monthlyPrice, List<String> allowedModels,
                          Money pricePerMillionTokens, boolean overageAllowed, int maxRetentionDays) {

    public PlanDetails {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        limits = limits == null ? PlanLimits.UNLIMITED : limits;
        pricePerMillionTokens = pricePerMillionTokens == null ? Money.zero(monthlyPrice == null ? "USD" : monthlyPrice.currency())
                : pricePerMillionTokens;
    }

    /** A plan with no per-token price, no overage and no payload retention. */
    public PlanDetails(String id, String name, PlanLimits limits, Money monthlyPrice, List<String> allowedModels) {
        this(id, name, limits, monthlyPrice, allowedModels, null, false, 0);
    }
}
