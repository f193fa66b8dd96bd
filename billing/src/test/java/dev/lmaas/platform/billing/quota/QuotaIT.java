package dev.lmaas.platform.billing.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.BillingIT;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.billing.UsageLedger;
import dev.lmaas.platform.billing.UsageRecord;
import dev.lmaas.platform.db.GroupCommit;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The gateway's way, on real PostgreSQL: admit, do the work, record usage through the group commit,
 * settle. N concurrent calls against a quota of M: exactly M admitted and the ledger holds exactly
 * the admitted work.
 */
@BillingIT
class QuotaIT {

    @Autowired Entitlements entitlements;
    @Autowired Plans plans;
    @Autowired QuotaAccounts quotaAccounts;
    @Autowired UsageLedger ledger;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    Plan capped(String id, long quota) {
        return plans.save(Plan.builder(id).name("Capped").perKey(100_000, 100_000_000).perTenant(100_000, 100_000_000).monthlyTokenQuota(quota)
                .maxApiKeys(5).maxInputsPerRequest(16).pricePerMillionTokensMicros(1_000_000).build());
    }

    /** Runs n concurrent calls estimating {@code estimate} tokens that really use {@code actual}; returns the admitted count. */
    long run(TenantId tenant, ApiKeyId key, String planId, int n, long estimate, long actual) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (GroupCommit<UsageRecord> usage = new GroupCommit<>("usage-test", dataSource, ledger::write, 2, 100, 10_000);
             var pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Admission a = entitlements.admit(new AdmissionRequest(tenant, key, planId, "minilm", estimate, 1));
                    if (!(a instanceof Admission.Admitted admitted)) {
                        return false;
                    }
                    try {
                        usage.submit(UsageRecord.builder(UUID.randomUUID().toString(), tenant).key(key)
                                .call("minilm", "/v1/embeddings").tokens(actual, 0).inputs(1).servedBy("node-1", 900).at(Instant.now()).build()).get(10, TimeUnit.SECONDS);
                        admitted.settle(actual);
                        return true;
                    } finally {
                        admitted.release(); // no-op after settle; frees the reservation if recording failed
                    }
                }));
            }
            start.countDown();
            long admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            return admitted;
        }
    }

    long ledgerTokens(TenantId tenant) {
        return jdbc.queryForObject("SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM usage_records WHERE tenant_id = ?",
                Long.class, tenant.value());
    }

    long reserved(TenantId tenant) {
        return jdbc.queryForObject("SELECT coalesce(sum(reserved), 0) FROM quota_usage WHERE tenant_id = ?", Long.class, tenant.value());
    }

    @Test
    void nConcurrentCallsAgainstAQuotaOfMAdmitExactlyMAndRecordExactlyTheirWork() throws Exception {
        Plan plan = capped("capped-exact", 1_000);
        TenantId tenant = TestTenants.tenant(jdbc, plan.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);

        long admitted = run(tenant, key, plan.id(), 250, 10, 10);

        assertThat(admitted).isEqualTo(100);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE tenant_id = ?", Long.class, tenant.value())).isEqualTo(100);
        assertThat(ledgerTokens(tenant)).isEqualTo(1_000);
        assertThat(reserved(tenant)).isEqualTo(1_000);
    }

    @Test
    void settlingBelowTheEstimateLetsTheRestBeUsedAndTheLedgerMatchesTheQuota() throws Exception {
        Plan plan = capped("capped-settle", 1_000);
        TenantId tenant = TestTenants.tenant(jdbc, plan.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);

        long admitted = run(tenant, key, plan.id(), 250, 10, 7);

        assertThat(admitted).isBetween(100L, 1_000L / 7);
        assertThat(ledgerTokens(tenant)).isEqualTo(admitted * 7);
        quotaAccounts.returnAll();
        assertThat(reserved(tenant)).as("after the slices come back, the quota row holds exactly the recorded usage").isEqualTo(admitted * 7);
        assertThat(reserved(tenant)).isLessThanOrEqualTo(1_000);
    }
}
