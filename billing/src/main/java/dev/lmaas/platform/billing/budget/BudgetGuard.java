package dev.lmaas.platform.billing.budget;

import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;

/**
 * Admission's view of budgets: before the node call, a hold on the call's worst-case cost against every hard
 * budget that applies (the tenant's and the key's); afterwards the real cost, which also counts against soft
 * budgets and raises their alerts. Tenants without a budget cost nothing here (an in-memory lookup).
 */
public interface BudgetGuard {

    /** The hold, or the refusal's message when a hard budget cannot cover the worst case. */
    sealed interface Outcome permits Held, Refused {
    }

    /** Settled with the real cost, or released, exactly once. */
    non-sealed interface Held extends Outcome {
        void settle(long actualTokens);

        void release();
    }

    record Refused(String message) implements Outcome {
    }

    Outcome hold(TenantId tenant, ApiKeyId key, Plan plan, long estimatedTokens);

    /** A hold on nothing: no budget applies. */
    Held NONE_HELD = new Held() {
        @Override
        public void settle(long actualTokens) {
        }

        @Override
        public void release() {
        }
    };

    /** No budgets at all (tests of admission alone). */
    BudgetGuard NONE = (tenant, key, plan, tokens) -> NONE_HELD;

    /** A call's cost as the usage ledger records it: tokens times the price per million, rounded half up per call. */
    static long cost(long tokens, Plan plan) {
        return (tokens * plan.pricePerMillionTokensMicros() + 500_000) / 1_000_000;
    }

    /** The most a call of {@code estimatedTokens} can cost (the estimate is an upper bound of its tokens). */
    static long worstCase(long estimatedTokens, Plan plan) {
        return cost(estimatedTokens, plan);
    }
}
