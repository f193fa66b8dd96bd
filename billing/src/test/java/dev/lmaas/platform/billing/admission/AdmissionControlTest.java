package dev.lmaas.platform.billing.admission;

import static dev.lmaas.platform.billing.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.RefusalReason;
import dev.lmaas.platform.billing.TestPlans;
import dev.lmaas.platform.billing.quota.MemoryQuotaStore;
import dev.lmaas.platform.billing.quota.QuotaAccounts;
import dev.lmaas.platform.billing.ratelimit.RateLimiter;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(1_000 * SECOND);
    final MemoryQuotaStore store = new MemoryQuotaStore();
    final Plan small = plan("small", List.of("minilm"), 3, 1_000, 100, 100_000, 10_000, 4);
    final Plan open = plan("open", List.of(), 1000, 1_000_000, 1000, 1_000_000, 0, 100);
    final TestPlans plans = new TestPlans(small, open);
    final QuotaAccounts quota = new QuotaAccounts(store, new BillingProperties.Quota(5, null, Duration.ofSeconds(5)),
            Clock.systemUTC(), now::get);
    final AdmissionControl control = new AdmissionControl(plans, new RateLimiter(() -> 1), quota, now::get);
    final TenantId tenant = TenantId.random();
    final ApiKeyId key = ApiKeyId.random();

    Admission admit(String planId, String model, long tokens, int inputs) {
        return control.admit(new AdmissionRequest(tenant, key, planId, model, tokens, inputs));
    }

    @Test
    void aModelOutsideThePlanIsForbidden() {
        Admission.Refused r = (Admission.Refused) admit("small", "bge-large", 10, 1);
        assertThat(r.reason()).isEqualTo(RefusalReason.MODEL_NOT_ALLOWED);
        assertThat(r.httpStatus()).isEqualTo(403);
        assertThat(r.reason().code()).isEqualTo("model_not_allowed");
        assertThat(r.message()).isEqualTo("The model 'bge-large' is not available on the Small plan.");
        assertThat(r.retryAfterSeconds()).isEmpty();
        assertThat(r.rateLimits().remainingRequests()).as("a refusal charges nothing").isEqualTo(3);
    }

    @Test
    void tooManyInputsIsABadRequest() {
        Admission.Refused r = (Admission.Refused) admit("small", "minilm", 10, 5);
        assertThat(r.reason()).isEqualTo(RefusalReason.TOO_MANY_INPUTS);
        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.message()).isEqualTo("This request has 5 inputs; the Small plan allows at most 4 per request.");
    }

    @Test
    void overTheRequestRateIsA429WithRetryAfterAndHeaders() {
        for (int i = 0; i < 3; i++) {
            Admission a = admit("small", "minilm", 10, 1);
            assertThat(a).isInstanceOf(Admission.Admitted.class);
            assertThat(a.rateLimits().remainingRequests()).isEqualTo(2 - i);
            ((Admission.Admitted) a).settle(10);
        }
        Admission.Refused r = (Admission.Refused) admit("small", "minilm", 10, 1);
        assertThat(r.reason()).isEqualTo(RefusalReason.RATE_LIMIT_EXCEEDED);
        assertThat(r.httpStatus()).isEqualTo(429);
        assertThat(r.reason().type()).isEqualTo("rate_limit_error");
        assertThat(r.retryAfterSeconds()).contains(20L); // 3 per minute: one every 20 s
        assertThat(r.message()).isEqualTo("Rate limit reached for requests per minute on this API key: limit 3. Please try again in 20s.");
        assertThat(r.rateLimits().headers())
                .containsEntry("x-ratelimit-limit-requests", "3")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "1m0s")
                .containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "970");
        now.addAndGet(20 * SECOND);
        assertThat(admit("small", "minilm", 10, 1)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void overTheTokenRateIsA429NamingTheTokenLimit() {
        ((Admission.Admitted) admit("small", "minilm", 900, 1)).settle(900);
        Admission.Refused r = (Admission.Refused) admit("small", "minilm", 200, 1);
        assertThat(r.reason()).isEqualTo(RefusalReason.RATE_LIMIT_EXCEEDED);
        assertThat(r.message()).startsWith("Rate limit reached for tokens per minute on this API key: limit 1000.");
        assertThat(r.retryAfterSeconds()).contains(6L); // 100 tokens at 1000/min
    }

    @Test
    void settlingBelowTheEstimateGivesTokensBackAndReleaseGivesTheRequestBack() {
        Admission.Admitted a = (Admission.Admitted) admit("small", "minilm", 800, 1);
        a.settle(100);
        a.release(); // ignored: settled already
        assertThat(admit("small", "minilm", 800, 1)).isInstanceOf(Admission.Admitted.class);
        Admission.Admitted b = (Admission.Admitted) admit("small", "minilm", 10, 1);
        assertThat(b.rateLimits().remainingRequests()).isZero();
        b.release();
        assertThat(admit("small", "minilm", 10, 1).rateLimits().remainingRequests()).isZero();
    }

    @Test
    void theMonthlyQuotaIsAHardCapWithoutRetryAfter() {
        plans.save(plan("small", List.of("minilm"), 100, 100_000, 100, 100_000, 500, 4));
        for (int i = 0; i < 5; i++) {
            ((Admission.Admitted) admit("small", "minilm", 100, 1)).settle(100);
        }
        Admission.Refused r = (Admission.Refused) admit("small", "minilm", 1, 1);
        assertThat(r.reason()).isEqualTo(RefusalReason.INSUFFICIENT_QUOTA);
        assertThat(r.httpStatus()).isEqualTo(429);
        assertThat(r.reason().code()).isEqualTo("insufficient_quota");
        assertThat(r.retryAfterSeconds()).isEmpty();
        assertThat(r.message()).isEqualTo("You exceeded your monthly quota of 500 tokens on the Small plan. "
                + "Upgrade your plan or wait for the next billing period.");
        assertThat(r.rateLimits().remainingRequests()).as("a quota refusal does not spend the rate limit").isEqualTo(95);
    }

    @Test
    void quotaIsLeasedInSlicesNotPerRequestAndReturnedWhenIdle() {
        plans.save(plan("small", List.of("minilm"), 100, 100_000, 100, 100_000, 500, 4));
        for (int i = 0; i < 10; i++) {
            ((Admission.Admitted) admit("small", "minilm", 10, 1)).settle(7);
        }
        LocalDate period = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        assertThat(store.leases).as("slices of 500/5 = 100 tokens").isEqualTo(1);
        now.addAndGet(6 * SECOND);
        quota.returnIdle();
        assertThat(store.reserved(tenant.value(), period)).as("only what was used stays reserved").isEqualTo(70);
    }

    @Test
    void concurrentAdmissionsAgainstAQuotaAdmitExactlyWhatFits() throws Exception {
        plans.save(plan("small", List.of("minilm"), 100_000, 100_000_000, 100_000, 100_000_000, 1_000, 4));
        int n = 300;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Admission a = admit("small", "minilm", 10, 1);
                    if (a instanceof Admission.Admitted ok) {
                        ok.settle(10);
                        return true;
                    }
                    return false;
                }));
            }
            start.countDown();
            long admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(100);
        }
        quota.returnAll();
        assertThat(store.reserved(tenant.value(), LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1))).isEqualTo(1_000);
    }

    @Test
    void plansWithoutAHardQuotaNeverTouchTheStore() {
        for (int i = 0; i < 20; i++) {
            ((Admission.Admitted) admit("open", "anything", 1_000, 10)).settle(1_000);
        }
        assertThat(store.leases).isZero();
    }
}
