package dev.lmaas.platform.billing.ratelimit;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.RateLimitState;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Requests and tokens per minute, per key and per tenant, held in memory. With P control-plane
 * processes each enforces {@code limit / P} (P from {@link ClusterMembers}), so the combined admissions
 * stay within the plan's limit; the price is that one process receiving all the traffic of a tenant
 * admits only its share. A tenant's four buckets share one lock, so checking and charging them is atomic.
 */
public final class RateLimiter {

    /** What {@link #tryAcquire} decided. */
    public enum Outcome { ADMITTED, RATE_LIMITED, VETOED }

    public record Decision(Outcome outcome, RateLimitState state, Duration retryAfter, String limitName, long limit) {
    }

    private static class Buckets {
        final Gcra requests = new Gcra();
        final Gcra tokens = new Gcra();
    }

    private static final class TenantBuckets extends Buckets {
        final Map<UUID, Buckets> keys = new ConcurrentHashMap<>();
    }

    private final Map<UUID, TenantBuckets> tenants = new ConcurrentHashMap<>();
    private final IntSupplier processes;

    public RateLimiter(IntSupplier processes) {
        this.processes = processes;
    }

    /**
     * Checks all four limits for a call costing one request and {@code tokens}; if they allow it, asks
     * {@code alsoRequired} (the quota reservation) and charges the limits only if that agrees too.
     */
    public Decision tryAcquire(Plan plan, TenantId tenant, ApiKeyId key, long tokens, long now, BooleanSupplier alsoRequired) {
        TenantBuckets t = tenants.computeIfAbsent(tenant.value(), id -> new TenantBuckets());
        int p = Math.max(1, processes.getAsInt());
        Limits l = new Limits(plan, p);
        synchronized (t) {
            Buckets k = t.keys.computeIfAbsent(key.value(), id -> new Buckets());
            long[] waits = {
                    k.requests.waitFor(now, 1, l.keyReq), k.tokens.waitFor(now, tokens, l.keyTok),
                    t.requests.waitFor(now, 1, l.tenantReq), t.tokens.waitFor(now, tokens, l.tenantTok)};
            int worst = 0;
            for (int i = 1; i < waits.length; i++) {
                if (waits[i] > waits[worst]) {
                    worst = i;
                }
            }
            if (waits[worst] > 0) {
                String[] names = {"requests per minute on this API key", "tokens per minute on this API key",
                        "requests per minute on this organization", "tokens per minute on this organization"};
                long[] limits = {plan.keyRequestsPerMinute(), plan.keyTokensPerMinute(), plan.tenantRequestsPerMinute(), plan.tenantTokensPerMinute()};
                return new Decision(Outcome.RATE_LIMITED, state(plan, l, k, t, now), Duration.ofNanos(waits[worst]), names[worst], limits[worst]);
            }
            if (!alsoRequired.getAsBoolean()) {
                return new Decision(Outcome.VETOED, state(plan, l, k, t, now), Duration.ZERO, "", 0);
            }
            k.requests.take(now, 1, l.keyReq);
            k.tokens.take(now, tokens, l.keyTok);
            t.requests.take(now, 1, l.tenantReq);
            t.tokens.take(now, tokens, l.tenantTok);
            return new Decision(Outcome.ADMITTED, state(plan, l, k, t, now), Duration.ZERO, "", 0);
        }
    }

    /** The current state without charging anything (for refusals that happen before the limits). */
    public RateLimitState peek(Plan plan, TenantId tenant, ApiKeyId key, long now) {
        TenantBuckets t = tenants.computeIfAbsent(tenant.value(), id -> new TenantBuckets());
        Limits l = new Limits(plan, Math.max(1, processes.getAsInt()));
        synchronized (t) {
            return state(plan, l, t.keys.computeIfAbsent(key.value(), id -> new Buckets()), t, now);
        }
    }

    /** Corrects a charge after the work: gives back unused tokens, or the whole call when it never ran. */
    public void correct(Plan plan, TenantId tenant, ApiKeyId key, long chargedTokens, long actualTokens, boolean ran, long now) {
        TenantBuckets t = tenants.get(tenant.value());
        if (t == null) {
            return;
        }
        Limits l = new Limits(plan, Math.max(1, processes.getAsInt()));
        synchronized (t) {
            Buckets k = t.keys.get(key.value());
            if (!ran) {
                t.requests.giveBack(now, 1, l.tenantReq);
                if (k != null) {
                    k.requests.giveBack(now, 1, l.keyReq);
                }
            }
            long unused = chargedTokens - actualTokens;
            if (unused > 0) {
                t.tokens.giveBack(now, unused, l.tenantTok);
                if (k != null) {
                    k.tokens.giveBack(now, unused, l.keyTok);
                }
            } else if (unused < 0) {
                // The estimate was short: charge the rest so the limit still reflects real use.
                t.tokens.take(now, -unused, l.tenantTok);
                if (k != null) {
                    k.tokens.take(now, -unused, l.keyTok);
                }
            }
        }
    }

    /** Forgets tenants whose buckets are full again, so memory follows the active tenants. */
    public void forgetIdle(long now) {
        tenants.values().removeIf(t -> {
            synchronized (t) {
                t.keys.values().removeIf(k -> k.requests.idleSince(now) && k.tokens.idleSince(now));
                return t.keys.isEmpty() && t.requests.idleSince(now) && t.tokens.idleSince(now);
            }
        });
    }

    private static RateLimitState state(Plan plan, Limits l, Buckets k, Buckets t, long now) {
        // Remaining is this process's remaining share scaled to the whole cluster, never above the plan's limit.
        long keyReq = Math.min(plan.keyRequestsPerMinute(), k.requests.remaining(now, l.keyReq) * l.processes);
        long tenantReq = Math.min(plan.tenantRequestsPerMinute(), t.requests.remaining(now, l.tenantReq) * l.processes);
        long keyTok = Math.min(plan.keyTokensPerMinute(), k.tokens.remaining(now, l.keyTok) * l.processes);
        long tenantTok = Math.min(plan.tenantTokensPerMinute(), t.tokens.remaining(now, l.tenantTok) * l.processes);
        boolean keyTighterReq = keyReq <= tenantReq;
        boolean keyTighterTok = keyTok <= tenantTok;
        return new RateLimitState(
                keyTighterReq ? plan.keyRequestsPerMinute() : plan.tenantRequestsPerMinute(),
                Math.min(keyReq, tenantReq),
                Duration.ofNanos(Math.max(k.requests.resetNanos(now), t.requests.resetNanos(now))),
                keyTighterTok ? plan.keyTokensPerMinute() : plan.tenantTokensPerMinute(),
                Math.min(keyTok, tenantTok),
                Duration.ofNanos(Math.max(k.tokens.resetNanos(now), t.tokens.resetNanos(now))));
    }

    /** Emission intervals of this process's share of each limit. */
    private record Limits(int processes, long keyReq, long keyTok, long tenantReq, long tenantTok) {
        Limits(Plan plan, int processes) {
            this(processes,
                    Gcra.interval(share(plan.keyRequestsPerMinute(), processes)),
                    Gcra.interval(share(plan.keyTokensPerMinute(), processes)),
                    Gcra.interval(share(plan.tenantRequestsPerMinute(), processes)),
                    Gcra.interval(share(plan.tenantTokensPerMinute(), processes)));
        }

        private static long share(long limit, int processes) {
            // Rounded down (at least 1) so the shares never add up to more than the limit.
            return Math.max(1, limit / processes);
        }
    }
}
