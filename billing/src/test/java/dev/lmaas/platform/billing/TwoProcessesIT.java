package dev.lmaas.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.billing.quota.QuotaAccounts;
import dev.lmaas.platform.billing.ratelimit.ClusterMembers;
import dev.lmaas.platform.db.EmbeddedDatabase;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two control-plane processes (two application contexts) on one database. Accuracy reached:
 * <ul>
 *   <li>monthly quota: never more than the cap in total (every token spent was leased in one atomic
 *       UPDATE); a process may refuse early while another holds an unspent slice (at most
 *       quota/sliceFraction each), until that slice is returned (idle or shutdown) — then exactly the cap.</li>
 *   <li>rate limits: each of P processes admits limit/P per minute, so the total stays within the limit
 *       (plus what refills while the test runs); a process receiving all of a tenant's traffic admits
 *       only its share.</li>
 * </ul>
 */
class TwoProcessesIT {

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        a = new SpringApplicationBuilder(BillingTestApplication.class).web(WebApplicationType.NONE)
                .properties("lmaas.data-dir=target/it-data/" + UUID.randomUUID(), "lmaas.billing.instance-id=process-a",
                        "spring.main.banner-mode=off")
                .run();
        EmbeddedDatabase db = a.getBean(EmbeddedDatabase.class);
        String url = db.jdbcUrl();
        b = new SpringApplicationBuilder(BillingTestApplication.class).web(WebApplicationType.NONE)
                .properties("lmaas.data-dir=target/it-data/" + UUID.randomUUID(), "lmaas.billing.instance-id=process-b",
                        "spring.datasource.url=" + url, "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(), "spring.main.banner-mode=off")
                .run();
        a.getBean(ClusterMembers.class).refresh();
        b.getBean(ClusterMembers.class).refresh();
        jdbc = a.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    static Plan plan(String id, int tenantRpm, long quota) {
        return Plan.builder(id).perKey(100_000, 100_000_000).perTenant(tenantRpm, 100_000_000).monthlyTokenQuota(quota).maxApiKeys(5)
                .maxInputsPerRequest(16).build();
    }

    /** Fires n calls at each process concurrently; returns admitted counts per process. */
    static long[] fire(TenantId tenant, ApiKeyId key, String planId, int n, long tokens) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> fromA = new ArrayList<>(), fromB = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < n; i++) {
                fromA.add(pool.submit(() -> call(a, go, tenant, key, planId, tokens)));
                fromB.add(pool.submit(() -> call(b, go, tenant, key, planId, tokens)));
            }
            go.countDown();
            long[] admitted = new long[2];
            for (Future<Boolean> f : fromA) {
                admitted[0] += f.get() ? 1 : 0;
            }
            for (Future<Boolean> f : fromB) {
                admitted[1] += f.get() ? 1 : 0;
            }
            return admitted;
        }
    }

    static boolean call(ConfigurableApplicationContext ctx, CountDownLatch go, TenantId tenant, ApiKeyId key, String planId, long tokens)
            throws InterruptedException {
        go.await();
        Admission admission = ctx.getBean(Entitlements.class).admit(new AdmissionRequest(tenant, key, planId, "minilm", tokens, 1));
        if (admission instanceof Admission.Admitted ok) {
            ok.settle(tokens);
            return true;
        }
        return false;
    }

    @Test
    void aPlanChangedOnOneProcessIsUsedByTheOtherAfterTheChangeFeedNotice() throws Exception {
        a.getBean(Plans.class).save(plan("feed-plan", 60, 0));
        assertThat(b.getBean(Plans.class).require("feed-plan").tenantRequestsPerMinute()).isEqualTo(60);
        a.getBean(Plans.class).save(plan("feed-plan", 90, 0));
        // LISTEN/NOTIFY delivery is asynchronous
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(b.getBean(Plans.class).require("feed-plan").tenantRequestsPerMinute()).isEqualTo(90));
    }

    @Test
    void bothProcessesSeeEachOther() {
        assertThat(a.getBean(ClusterMembers.class).count()).isEqualTo(2);
        assertThat(b.getBean(ClusterMembers.class).count()).isEqualTo(2);
    }

    @Test
    void combinedAdmissionsRespectOneQuota() throws Exception {
        a.getBean(Plans.class).save(plan("shared-quota", 100_000, 1_000));
        TenantId tenant = TestTenants.tenant(jdbc, "shared-quota");
        ApiKeyId key = TestTenants.key(jdbc, tenant);

        long[] admitted = fire(tenant, key, "shared-quota", 150, 10);

        assertThat(admitted[0] + admitted[1]).as("never above the cap").isLessThanOrEqualTo(100);
        assertThat(admitted[0]).isPositive();
        assertThat(admitted[1]).isPositive();
        // The unspent slices come back (as they do after idleReturn): then the cap is reached exactly.
        a.getBean(QuotaAccounts.class).returnAll();
        b.getBean(QuotaAccounts.class).returnAll();
        long more = 0;
        while (call(b, new CountDownLatch(0), tenant, key, "shared-quota", 10)) {
            more++;
        }
        assertThat(admitted[0] + admitted[1] + more).isEqualTo(100);
        b.getBean(QuotaAccounts.class).returnAll();
        assertThat(jdbc.queryForObject("SELECT reserved FROM quota_usage WHERE tenant_id = ?", Long.class, tenant.value())).isEqualTo(1_000);
    }

    @Test
    void combinedAdmissionsRespectOneRateLimit() throws Exception {
        a.getBean(Plans.class).save(plan("shared-rate", 60, 0));
        TenantId tenant = TestTenants.tenant(jdbc, "shared-rate");
        ApiKeyId key = TestTenants.key(jdbc, tenant);

        long started = System.nanoTime();
        long[] admitted = fire(tenant, key, "shared-rate", 200, 1);
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;

        // Each process admits its share of 30 at once, plus one per 2 s that refills during the run.
        long refill = (long) Math.ceil(elapsedSeconds / 2.0);
        assertThat(admitted[0]).isBetween(30L, 30L + refill);
        assertThat(admitted[1]).isBetween(30L, 30L + refill);
        assertThat(admitted[0] + admitted[1]).as("one limit of 60/min across both processes, not 120").isLessThanOrEqualTo(60 + 2 * refill);
    }
}
