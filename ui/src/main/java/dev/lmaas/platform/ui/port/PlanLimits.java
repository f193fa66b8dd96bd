package dev.lmaas.platform.ui.port;

/**
 * A plan's limits; {@code null} means unlimited.
 *
 * @param requestsPerMinutePerKey rate limit of one key
 * @param tokensPerMinutePerKey token rate of one key
 * @param requestsPerMinutePerTenant rate limit of all the tenant's keys together
 * @param tokensPerMinutePerTenant token rate of all the tenant's keys together
 * @param monthlyTokens tokens per calendar month (UTC)
 * @param maxKeys active API keys at once
 */
public record PlanLimits(Integer requestsPerMinutePerKey, Integer tokensPerMinutePerKey, Integer requestsPerMinutePerTenant,
                         Integer tokensPerMinutePerTenant, Long monthlyTokens, Integer maxKeys) {

    public static final PlanLimits UNLIMITED = new PlanLimits(null, null, null, null, null, null);
}
