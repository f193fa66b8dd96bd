package dev.lmaas.platform.billing.admission;

import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.RateLimitState;
import dev.lmaas.platform.billing.RefusalReason;
import dev.lmaas.platform.billing.budget.BudgetGuard;
import dev.lmaas.platform.billing.quota.QuotaAccounts;
import dev.lmaas.platform.billing.quota.QuotaReservation;
import dev.lmaas.platform.billing.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The gateway's entitlement check: plan first (cheap, no state), then the rate limits, then the quota
 * reservation; the limits are charged only when the quota also admits, so a refusal costs nothing.
 */
@Service
public class AdmissionControl implements Entitlements {

    private final Plans plans;
    private final RateLimiter limiter;
    private final QuotaAccounts quota;
    private final BudgetGuard budgets;
    private final LongSupplier nanos;

    @Autowired
    public AdmissionControl(Plans plans, RateLimiter limiter, QuotaAccounts quota, BudgetGuard budgets) {
        this(plans, limiter, quota, budgets, System::nanoTime);
    }

    AdmissionControl(Plans plans, RateLimiter limiter, QuotaAccounts quota, LongSupplier nanos) {
        this(plans, limiter, quota, BudgetGuard.NONE, nanos);
    }

    AdmissionControl(Plans plans, RateLimiter limiter, QuotaAccounts quota, BudgetGuard budgets, LongSupplier nanos) {
        this.plans = plans;
        this.limiter = limiter;
        this.quota = quota;
        this.budgets = budgets;
        this.nanos = nanos;
    }

    @Override
    public Admission admit(AdmissionRequest r) {
        Plan plan = plans.require(r.planId());
        long now = nanos.getAsLong();
        if (!plan.allows(r.model())) {
            return refuse(RefusalReason.MODEL_NOT_ALLOWED, "The model '" + r.model() + "' is not available on the "
                    + plan.name() + " plan.", limiter.peek(plan, r.tenant(), r.key(), now));
        }
        if (r.inputs() > plan.maxInputsPerRequest()) {
            return refuse(RefusalReason.TOO_MANY_INPUTS, "This request has " + r.inputs() + " inputs; the " + plan.name()
                    + " plan allows at most " + plan.maxInputsPerRequest() + " per request.", limiter.peek(plan, r.tenant(), r.key(), now));
        }
        QuotaReservation[] reservation = new QuotaReservation[1];
        RateLimiter.Decision d = limiter.tryAcquire(plan, r.tenant(), r.key(), r.estimatedTokens(), now, () -> {
            reservation[0] = quota.reserve(r.tenant(), plan, r.estimatedTokens()).orElse(null);
            return reservation[0] != null;
        });
        return switch (d.outcome()) {
            case ADMITTED -> withinBudget(new Ticket(plan, r, reservation[0], d.state()), plan, r);
            case RATE_LIMITED -> new Admission.Refused(RefusalReason.RATE_LIMIT_EXCEEDED,
                    "Rate limit reached for " + d.limitName() + ": limit " + d.limit() + ". Please try again in "
                            + seconds(d.retryAfter()) + "s.", Optional.of(d.retryAfter()), d.state());
            case VETOED -> refuse(RefusalReason.INSUFFICIENT_QUOTA, "You exceeded your monthly quota of "
                    + plan.monthlyTokenQuota() + " tokens on the " + plan.name()
                    + " plan. Upgrade your plan or wait for the next billing period.", d.state());
        };
    }

    /** Last, once limits and quota admit: a refusal here gives back what they took (the ticket's release). */
    private Admission withinBudget(Ticket ticket, Plan plan, AdmissionRequest r) {
        return switch (budgets.hold(r.tenant(), r.key(), plan, r.estimatedTokens())) {
            case BudgetGuard.Held held -> {
                ticket.budget = held;
                yield ticket;
            }
            case BudgetGuard.Refused refused -> {
                ticket.release();
                yield refuse(RefusalReason.BUDGET_EXCEEDED, refused.message(), ticket.rateLimits());
            }
        };
    }

    private static Admission.Refused refuse(RefusalReason reason, String message, RateLimitState state) {
        return new Admission.Refused(reason, message, Optional.empty(), state);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** An admitted call's reservation: settled or released exactly once, later calls ignored. */
    private final class Ticket implements Admission.Admitted {
        private final Plan plan;
        private final AdmissionRequest request;
        private final QuotaReservation reservation;
        private final RateLimitState state;
        private final AtomicBoolean done = new AtomicBoolean();
        private BudgetGuard.Held budget = BudgetGuard.NONE_HELD;

        Ticket(Plan plan, AdmissionRequest request, QuotaReservation reservation, RateLimitState state) {
            this.plan = plan;
            this.request = request;
            this.reservation = reservation;
            this.state = state;
        }

        @Override
        public RateLimitState rateLimits() {
            return state;
        }

        @Override
        public void settle(long actualTokens) {
            if (actualTokens < 0) {
                throw new IllegalArgumentException("actualTokens cannot be negative");
            }
            if (done.compareAndSet(false, true)) {
                limiter.correct(plan, request.tenant(), request.key(), request.estimatedTokens(), actualTokens, true, nanos.getAsLong());
                reservation.settle(actualTokens);
                budget.settle(actualTokens);
            }
        }

        @Override
        public void release() {
            if (done.compareAndSet(false, true)) {
                limiter.correct(plan, request.tenant(), request.key(), request.estimatedTokens(), 0, false, nanos.getAsLong());
                reservation.release();
                budget.release();
            }
        }
    }
}
