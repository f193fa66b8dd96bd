package dev.lmaas.platform.billing.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.BillingTestApplication;
import dev.lmaas.platform.billing.Budget;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.RefusalReason;
import dev.lmaas.platform.billing.TestTenants;
import dev.lmaas.platform.billing.ratelimit.ClusterMembers;
import dev.lmaas.platform.db.EmbeddedDatabase;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Budgets through admission, as the gateway uses it, on two control-plane processes (two application contexts)
 * sharing one database: a hard budget is never overshot by 16 concurrent callers spread over both, each
 * threshold alert lands in the audit trail exactly once, and a refusal gives back everything it held.
 */
class BudgetIT {

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static JdbcTemplate jdbc;

    /** 30,000 micro-units per million tokens: a call of at most 100 tokens costs at most 3 micro-units. */
    static final Plan METERED = Plan.builder("budget-plan").name("Budget plan").perKey(1_000_000, 1_000_000_000).perTenant(1_000_000, 1_000_000_000)
            .maxApiKeys(5).maxInputsPerRequest(16).overageAllowed(true).pricePerMillionTokensMicros(30_000).build();

    @BeforeAll
    static void start() {
        a = new SpringApplicationBuilder(BillingTestApplication.class).web(WebApplicationType.NONE)
                .properties("lmaas.data-dir=target/it-data/" + UUID.randomUUID(), "lmaas.billing.instance-id=budget-a", "spring.main.banner-mode=off")
                .run();
        EmbeddedDatabase db = a.getBean(EmbeddedDatabase.class);
        b = new SpringApplicationBuilder(BillingTestApplication.class).web(WebApplicationType.NONE)
                .properties("lmaas.data-dir=target/it-data/" + UUID.randomUUID(), "lmaas.billing.instance-id=budget-b",
                        "spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(), "spring.main.banner-mode=off")
                .run();
        a.getBean(ClusterMembers.class).refresh();
        b.getBean(ClusterMembers.class).refresh();
        jdbc = a.getBean(JdbcTemplate.class);
        a.getBean(Plans.class).save(METERED);
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

    static Admission admit(ConfigurableApplicationContext ctx, TenantId tenant, ApiKeyId key, long estimatedTokens) {
        return ctx.getBean(Entitlements.class).admit(new AdmissionRequest(tenant, key, METERED.id(), "minilm", estimatedTokens, 1));
    }

    /** Both processes apply the budget once the change feed has told the second one. */
    static void awaitBothRefuse(TenantId tenant, ApiKeyId key) {
        for (ConfigurableApplicationContext ctx : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> admit(ctx, tenant, key, 100_000_000) instanceof Admission.Refused r
                    && r.reason() == RefusalReason.BUDGET_EXCEEDED);
        }
    }

    @Test
    void aHardBudgetOf20IsNeverOvershotBy16CallersOnTwoProcesses() throws Exception {
        TenantId tenant = TestTenants.tenant(jdbc, METERED.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        a.getBean(Budgets.class).save(new Budget(tenant, Optional.empty(), 20, true, List.of(50, 80, 100), ZoneId.of("Asia/Shanghai")));
        awaitBothRefuse(tenant, key);

        AtomicLong recordedCost = new AtomicLong();
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                ConfigurableApplicationContext ctx = i % 2 == 0 ? a : b;
                callers.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < 50; n++) {
                        switch (admit(ctx, tenant, key, 100)) {
                            case Admission.Admitted ok -> {
                                long actual = ThreadLocalRandom.current().nextLong(40, 101); // the node's real count, <= the estimate
                                ok.settle(actual);
                                recordedCost.addAndGet(BudgetGuard.cost(actual, METERED));
                            }
                            case Admission.Refused r -> {
                                refusals.add(r.reason().code() + " " + r.reason().type() + " " + r.reason().httpStatus() + " " + r.message());
                                return null;
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : callers) {
                f.get();
            }
        }

        assertThat(recordedCost.get()).as("the recorded cost never passes the budget").isLessThanOrEqualTo(20)
                .as("and stops only when the worst case no longer fits").isGreaterThan(20 - 3);
        assertThat(refusals).hasSize(16).allSatisfy(r -> assertThat(r).isEqualTo("budget_exceeded insufficient_quota 429 This request would "
                + "exceed your organization's monthly budget of 20 micro-units of USD (a hard limit). Raise the budget or wait for the next month."));
        Budgets.Status status = a.getBean(Budgets.class).status(tenant, Optional.empty()).orElseThrow();
        assertThat(status.spentMicros()).isEqualTo(recordedCost.get());
        assertThat(status.reservedMicros()).as("every hold settled or given back").isZero();
        assertThat(status.period()).isEqualTo(java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).withDayOfMonth(1));
        // Each threshold crossed once, whichever process settled the call that crossed it.
        List<String> alerts = jdbc.queryForList("SELECT target_id FROM audit_log WHERE tenant_id = ? AND action = ? ORDER BY seq", String.class,
                tenant.value(), BudgetAlerts.ACTION);
        String month = status.period().toString().substring(0, 7);
        // Two processes settle at once, so the audit order of two crossings is the order their records were
        // committed, not the order the thresholds were crossed: each once, in any order.
        List<String> expected = new ArrayList<>(List.of("tenant " + month + " 50%", "tenant " + month + " 80%"));
        if (recordedCost.get() == 20) {
            expected.add("tenant " + month + " 100%");
        }
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aKeysBudgetRefusesAndGivesBackTheTenantsHold() {
        TenantId tenant = TestTenants.tenant(jdbc, METERED.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        ApiKeyId other = TestTenants.key(jdbc, tenant);
        Budgets budgets = a.getBean(Budgets.class);
        budgets.save(new Budget(tenant, Optional.empty(), 1_000, true, null, null));
        budgets.save(new Budget(tenant, Optional.of(key), 5, true, null, null));
        awaitBothRefuse(tenant, key);

        assertThat(admit(a, tenant, key, 100)).isInstanceOf(Admission.Admitted.class); // worst case 3 of 5
        Admission second = admit(a, tenant, key, 100); // 3 + 3 > 5, while the first is still in flight
        assertThat(second).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.BUDGET_EXCEEDED);
            assertThat(r.message()).startsWith("This request would exceed this API key's monthly budget of 5 micro-units of USD");
        });
        assertThat(budgets.status(tenant, Optional.empty()).orElseThrow().reservedMicros()).as("only the admitted call's hold").isEqualTo(3);
        assertThat(admit(a, tenant, other, 100)).as("another key of the tenant is not limited by this key's budget")
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aSoftBudgetNeverRefusesButCountsAndAlerts() {
        TenantId tenant = TestTenants.tenant(jdbc, METERED.id());
        ApiKeyId key = TestTenants.key(jdbc, tenant);
        a.getBean(Budgets.class).save(new Budget(tenant, Optional.empty(), 4, false, List.of(100), null));
        for (int i = 0; i < 3; i++) {
            Admission admitted = admit(a, tenant, key, 100);
            assertThat(admitted).isInstanceOf(Admission.Admitted.class);
            ((Admission.Admitted) admitted).settle(100);
        }
        assertThat(a.getBean(Budgets.class).status(tenant, Optional.empty()).orElseThrow().spentMicros()).isEqualTo(9);
        assertThat(jdbc.queryForList("SELECT target_id FROM audit_log WHERE tenant_id = ? AND action = ?", String.class, tenant.value(),
                BudgetAlerts.ACTION)).singleElement().asString().endsWith(" 100%");
    }

    @Test
    void badBudgetsAreRefusedWithTheFieldsName() {
        TenantId tenant = TenantId.random();
        assertThatThrownBy(() -> new Budget(tenant, Optional.empty(), -1, true, null, null)).hasMessageContaining("'monthly_limit_micros'");
        assertThatThrownBy(() -> new Budget(tenant, Optional.empty(), 1, true, List.of(0), null)).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> Budget.zone("Mars/Olympus")).hasMessageContaining("'time_zone'");
        assertThat(new Budget(tenant, Optional.empty(), 1, true, List.of(80, 50, 80), null).alertThresholds()).containsExactly(50, 80);
    }
}
